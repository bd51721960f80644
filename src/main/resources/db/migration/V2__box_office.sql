-- The box office: concerts set up by operators (their venue's time zone, a seat limit per buyer),
-- dates laid out in sections of rows, and reservations of up to maxSeatsPerUser seats. Runs on H2
-- (MySQL mode) and MySQL 8 / MariaDB 10.11. A database of version 1 keeps every row: each of its
-- dates becomes one section "General" of one row, and each reservation its one seat.

ALTER TABLE concert ADD COLUMN time_zone VARCHAR(64) NOT NULL DEFAULT 'UTC';
ALTER TABLE concert ADD COLUMN max_seats_per_user INT NOT NULL DEFAULT 4;

-- A block of seat_rows x seats_per_row seats at one price. position keeps the operator's order.
CREATE TABLE seat_section (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    schedule_id   BIGINT       NOT NULL,
    position      INT          NOT NULL,
    name          VARCHAR(100) NOT NULL,
    grade         VARCHAR(50)  NOT NULL,
    price         BIGINT       NOT NULL,
    seat_rows     INT          NOT NULL,
    seats_per_row INT          NOT NULL,
    CONSTRAINT uq_section_name UNIQUE (schedule_id, name),
    CONSTRAINT fk_section_schedule FOREIGN KEY (schedule_id) REFERENCES concert_schedule (id)
);

INSERT INTO seat_section (schedule_id, position, name, grade, price, seat_rows, seats_per_row)
SELECT schedule_id, 1, 'General', 'General', MIN(price), 1, COUNT(*) FROM seat GROUP BY schedule_id;

-- A seat's place: its section, its row there (from 1) and its number in the row (from 1). The
-- label shown to buyers is made from these, so no free text is stored per seat.
ALTER TABLE seat ADD COLUMN section_id BIGINT NULL;
ALTER TABLE seat ADD COLUMN seat_row INT NULL;
ALTER TABLE seat ADD COLUMN seat_in_row INT NULL;
UPDATE seat SET section_id = (SELECT id FROM seat_section WHERE seat_section.schedule_id = seat.schedule_id),
                seat_row = 1, seat_in_row = seat_number;
ALTER TABLE seat MODIFY COLUMN section_id BIGINT NOT NULL;
ALTER TABLE seat MODIFY COLUMN seat_row INT NOT NULL;
ALTER TABLE seat MODIFY COLUMN seat_in_row INT NOT NULL;
ALTER TABLE seat ADD CONSTRAINT fk_seat_section FOREIGN KEY (section_id) REFERENCES seat_section (id);
-- The section map counts free seats per section from this index alone.
CREATE INDEX ix_seat_section_status ON seat (schedule_id, section_id, status);

-- The seats of a reservation. reservation.seat_id / seat_number stay its first seat, and price
-- the sum of its seats.
CREATE TABLE reservation_seat (
    reservation_id BIGINT NOT NULL,
    seat_id        BIGINT NOT NULL,
    PRIMARY KEY (reservation_id, seat_id),
    CONSTRAINT fk_reservation_seat_reservation FOREIGN KEY (reservation_id) REFERENCES reservation (id),
    CONSTRAINT fk_reservation_seat_seat FOREIGN KEY (seat_id) REFERENCES seat (id)
);
INSERT INTO reservation_seat (reservation_id, seat_id) SELECT id, seat_id FROM reservation;

-- seat_count: for the per-buyer limit without joining the seats. idempotency_key / request: the
-- optional Idempotency-Key of the hold and what it asked for, so a retry finds its reservation and
-- another request under the same key is told apart.
ALTER TABLE reservation ADD COLUMN seat_count INT NOT NULL DEFAULT 1;
ALTER TABLE reservation ADD COLUMN idempotency_key VARCHAR(100) NULL;
ALTER TABLE reservation ADD COLUMN request VARCHAR(200) NULL;
ALTER TABLE reservation ADD CONSTRAINT uq_reservation_idempotency UNIQUE (user_id, idempotency_key);
CREATE INDEX ix_reservation_user ON reservation (user_id, schedule_id, status);
