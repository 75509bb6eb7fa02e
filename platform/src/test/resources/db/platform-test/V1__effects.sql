CREATE TABLE effects (
    id         bigserial PRIMARY KEY,
    call_uuid  text NOT NULL
);
