-- Per-account rate limits (token buckets: rate per second and burst), set through the admin API. NULL means not
-- set: a subaccount then takes its main account's value, a main account the configured default
-- (veil.session.limits.*). A rate of 0 means unlimited.
ALTER TABLE accounts
    ADD COLUMN sessions_per_second double precision CHECK (sessions_per_second >= 0),
    ADD COLUMN sessions_burst      int              CHECK (sessions_burst >= 1),
    ADD COLUMN calls_per_second    double precision CHECK (calls_per_second >= 0),
    ADD COLUMN calls_burst         int              CHECK (calls_burst >= 1);
