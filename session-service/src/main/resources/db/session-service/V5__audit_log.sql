-- What operators and accounts did that an auditor asks about: admin actions on accounts (create, subaccount create,
-- token rotation, disable, limits change) and erasures. Written in the transaction of the action. details is a JSON
-- object of ids and counts: never a secret, never a phone number.
CREATE TABLE audit_log (
    id             bigserial   PRIMARY KEY,
    occurred_at    timestamptz NOT NULL,
    actor          text        NOT NULL,
    action         text        NOT NULL,
    target_account text,
    details        jsonb       NOT NULL DEFAULT '{}'
);

CREATE INDEX audit_log_newest ON audit_log (occurred_at DESC, id DESC);
