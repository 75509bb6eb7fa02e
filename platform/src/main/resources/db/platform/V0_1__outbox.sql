-- Events waiting to be published, written in the same transaction as the state change they describe.
CREATE TABLE outbox (
    seq            bigserial   PRIMARY KEY,
    event_id       uuid        NOT NULL UNIQUE,
    topic          text        NOT NULL,
    aggregate_id   text        NOT NULL,
    type           text        NOT NULL,
    schema_version int         NOT NULL,
    payload        jsonb       NOT NULL,
    occurred_at    timestamptz NOT NULL,
    correlation_id text        NOT NULL
);

-- Events a consumer has applied; the marker commits with the effect, so a redelivery does nothing.
CREATE TABLE consumed_events (
    consumer    text        NOT NULL,
    event_id    uuid        NOT NULL,
    consumed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
