-- Values sealed with the data key ring, for the key rotation test.
CREATE TABLE sealed_values (
    id    integer PRIMARY KEY,
    value text
);
