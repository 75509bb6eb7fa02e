package dev.veil.platform.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** An amount of money in one currency, kept at the scale billing uses (never a {@code double}). */
public record Money(BigDecimal amount, Currency currency) {

    /** Scale of stored amounts: rates are quoted to a ten-thousandth of a unit. */
    public static final int SCALE = 5;

    public Money {
        amount = amount.setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Money(amount.add(other.amount), currency);
    }

    public Money times(BigDecimal factor) {
        return new Money(amount.multiply(factor), currency);
    }
}
