-- What the test service's batch consumer applied: one row per event it applied.
CREATE TABLE batch_effects (
    id        bigserial PRIMARY KEY,
    call_uuid text NOT NULL
);
