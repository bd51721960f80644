-- The schema as it stood when migrations began (it was schema.sql, run at every start). A database
-- made by that schema.sql is taken as being at this version (spring.flyway.baseline-on-migrate), so
-- this runs only on an empty one. The same SQL runs on the embedded H2 (MySQL mode) and on MySQL 8 /
-- MariaDB 10.11. Times are epoch milliseconds
-- (BIGINT) so that no driver or server time zone can shift a hold's expiry.

CREATE TABLE concert (
    id        BIGINT       NOT NULL PRIMARY KEY,
    title     VARCHAR(200) NOT NULL,
    venue     VARCHAR(200) NOT NULL
);

CREATE TABLE concert_schedule (
    id         BIGINT NOT NULL PRIMARY KEY,
    concert_id BIGINT NOT NULL,
    starts_at  BIGINT NOT NULL,
    CONSTRAINT fk_schedule_concert FOREIGN KEY (concert_id) REFERENCES concert (id)
);

-- status: AVAILABLE | HELD | RESERVED. Every change of it is a conditional UPDATE on the old
-- status, which is what makes a seat sell once even when a lock fails.
CREATE TABLE seat (
    id          BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    schedule_id BIGINT      NOT NULL,
    seat_number INT         NOT NULL,
    price       BIGINT      NOT NULL,
    status      VARCHAR(16) NOT NULL,
    CONSTRAINT uq_seat_number UNIQUE (schedule_id, seat_number),
    CONSTRAINT fk_seat_schedule FOREIGN KEY (schedule_id) REFERENCES concert_schedule (id)
);

-- status: HELD | PAID | EXPIRED
CREATE TABLE reservation (
    id              BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id         BIGINT      NOT NULL,
    schedule_id     BIGINT      NOT NULL,
    seat_id         BIGINT      NOT NULL,
    seat_number     INT         NOT NULL,
    price           BIGINT      NOT NULL,
    status          VARCHAR(16) NOT NULL,
    hold_expires_at BIGINT      NOT NULL,
    created_at      BIGINT      NOT NULL,
    -- The queue pass the hold was made with: one pass buys one hold, even when its requests race.
    pass_id         VARCHAR(96) NOT NULL,
    CONSTRAINT fk_reservation_seat FOREIGN KEY (seat_id) REFERENCES seat (id),
    CONSTRAINT uq_reservation_pass UNIQUE (pass_id)
);

CREATE TABLE point_wallet (
    user_id BIGINT NOT NULL PRIMARY KEY,
    balance BIGINT NOT NULL
);

-- type: CHARGE | USE. The ledger is the truth: per user, the signed sum equals the balance.
CREATE TABLE point_ledger (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id         BIGINT       NOT NULL,
    type            VARCHAR(8)   NOT NULL,
    amount          BIGINT       NOT NULL,
    balance_after   BIGINT       NOT NULL,
    idempotency_key VARCHAR(100) NULL,
    created_at      BIGINT       NOT NULL,
    CONSTRAINT uq_ledger_idempotency UNIQUE (user_id, idempotency_key)
);

CREATE TABLE payment (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    reservation_id  BIGINT       NOT NULL,
    user_id         BIGINT       NOT NULL,
    amount          BIGINT       NOT NULL,
    balance_after   BIGINT       NOT NULL,
    idempotency_key VARCHAR(100) NULL,
    created_at      BIGINT       NOT NULL,
    CONSTRAINT uq_payment_reservation UNIQUE (reservation_id),
    CONSTRAINT uq_payment_idempotency UNIQUE (user_id, idempotency_key)
);
