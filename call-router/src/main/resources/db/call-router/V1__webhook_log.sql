-- Every carrier webhook Veil acted on, once per (A-leg call uuid, kind): a repeated webhook finds its row and has
-- no second effect. The primary key is the uniqueness that makes webhooks idempotent.
CREATE TABLE webhook_log (
    call_uuid   text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('answer', 'dial_answer', 'dial_hangup', 'dial_status', 'hangup')),
    -- The form parameters exactly as the carrier posted them.
    payload     jsonb       NOT NULL,
    -- What Veil read from them, carrier-neutral; for an answer, the route the call was connected to, from which a
    -- repeated answer is re-rendered and the hangup's CallEnded is built.
    detail      jsonb       NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (call_uuid, kind)
);
