-- Cancellation with refund. Runs on H2 (MySQL mode) and MySQL 8 / MariaDB 10.11.

-- How long before a date starts its paid reservations may still be cancelled for a refund, in
-- seconds (default 24 hours). Whole seconds: the set-up API takes it as an ISO-8601 duration.
ALTER TABLE concert ADD COLUMN cancel_until_seconds BIGINT NOT NULL DEFAULT 86400;

-- A reservation's status may now also be CANCELLED (by its buyer: a hold released, or a payment
-- refunded). cancelled_at: when (epoch milliseconds); refunded: the points given back (0 for a
-- hold), kept so that a repeated cancel answers what the first one did without refunding again.
ALTER TABLE reservation ADD COLUMN cancelled_at BIGINT NULL;
ALTER TABLE reservation ADD COLUMN refunded BIGINT NOT NULL DEFAULT 0;

-- point_ledger.type may now also be REFUND: points given back by a cancel, adding to the balance
-- as CHARGE does (VARCHAR(8) holds it).
