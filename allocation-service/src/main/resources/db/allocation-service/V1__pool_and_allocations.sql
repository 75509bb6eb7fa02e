-- The virtual numbers (VNs) each account may use. Numbers are E.164 with '+'; country is ISO 3166 alpha-2.
CREATE TABLE virtual_numbers (
    number     text        PRIMARY KEY,
    account_id text        NOT NULL,
    country    text        NOT NULL,
    status     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX virtual_numbers_by_account ON virtual_numbers (account_id, country) WHERE status = 'active';

-- One row per session that asked for a VN. reserved -> confirmed (SessionCreated) -> released (SessionExpired),
-- or reserved -> released by the reaper when the session was never created.
CREATE TABLE allocations (
    session_uuid   text        PRIMARY KEY,
    account_id     text        NOT NULL,
    virtual_number text        NOT NULL REFERENCES virtual_numbers (number),
    status         text        NOT NULL CHECK (status IN ('reserved', 'confirmed', 'released')),
    reserved_at    timestamptz NOT NULL,
    confirmed_at   timestamptz,
    released_at    timestamptz
);
-- Live sessions per VN (the allocator packs onto busy numbers) and the reaper's scan of stale reservations.
CREATE INDEX allocations_live_by_number ON allocations (virtual_number) WHERE status <> 'released';
CREATE INDEX allocations_reserved_since ON allocations (reserved_at) WHERE status = 'reserved';

-- What a live session holds on its VN: 'party:' + E.164 of each party. The primary key IS the reuse rule: a VN
-- may host a new session (A, B) only if neither A nor B is bound to it in another live session, so
-- (VN, caller) always identifies at most one session. Concurrent allocations cannot break it.
CREATE TABLE bindings (
    virtual_number text NOT NULL REFERENCES virtual_numbers (number),
    binding        text NOT NULL,
    session_uuid   text NOT NULL REFERENCES allocations (session_uuid),
    PRIMARY KEY (virtual_number, binding)
);
CREATE INDEX bindings_by_session ON bindings (session_uuid);
