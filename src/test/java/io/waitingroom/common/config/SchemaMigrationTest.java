package io.waitingroom.common.config;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

import io.waitingroom.support.IntegrationTest;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema is Flyway's: the running service's database (H2, or MariaDB in the -Pmysql run) was
 * brought to the newest migration before anything read it, and every migration succeeded; and a
 * database made before migrations began is taken as version 1 with its rows kept, by the service's
 * own Flyway settings, then upgraded by every later one (the box office's sections and parties).
 */
@IntegrationTest
class SchemaMigrationTest {

    @Autowired
    private Flyway flyway;

    @Test
    void everyMigrationRanAndNoneIsPending() {
        var info = flyway.info();

        assertThat(info.pending()).as("migrations not yet run").isEmpty();
        // The suite's database is new (embedded, or made for the run by .ci/run): each migration ran.
        assertThat(Arrays.stream(info.applied()).map(MigrationInfo::getState))
                .as("states of the migrations run").isNotEmpty().containsOnly(MigrationState.SUCCESS);
        assertThat(info.current().getVersion().getVersion()).isEqualTo("3");
    }

    @Test
    void aDatabaseMadeBeforeMigrationsIsTakenAsVersionOneAndUpgradedWithItsRowsKept() throws Exception {
        String url = "jdbc:h2:mem:before-migrations;DB_CLOSE_DELAY=-1;MODE=MySQL";
        try (Connection connection = DriverManager.getConnection(url); Statement sql = connection.createStatement()) {
            sql.execute(new ClassPathResource("legacy/schema-before-migrations.sql").getContentAsString(UTF_8));
            // A sale as the old schema kept it: one date of three seats, one held, one paid.
            sql.execute("INSERT INTO point_wallet (user_id, balance) VALUES (7, 777)");
            sql.execute("INSERT INTO concert (id, title, venue) VALUES (1, 'Old', 'Hall')");
            sql.execute("INSERT INTO concert_schedule (id, concert_id, starts_at) VALUES (101, 1, 4102444800000)");
            sql.execute("INSERT INTO seat (id, schedule_id, seat_number, price, status) VALUES "
                    + "(1, 101, 1, 150000, 'RESERVED'), (2, 101, 2, 110000, 'HELD'), (3, 101, 3, 80000, 'AVAILABLE')");
            sql.execute("INSERT INTO reservation (id, user_id, schedule_id, seat_id, seat_number, price, status, hold_expires_at,"
                    + " created_at, pass_id) VALUES (10, 7, 101, 1, 1, 150000, 'PAID', 1, 1, 'p1'),"
                    + " (11, 7, 101, 2, 2, 110000, 'HELD', 4102444800000, 1, 'p2')");

            Flyway sameSettings = Flyway.configure().configuration(flyway.getConfiguration()).dataSource(url, "", "").load();
            sameSettings.migrate();

            assertThat(Arrays.stream(sameSettings.info().applied()).map(m -> m.getVersion().getVersion() + " " + m.getState()))
                    .containsExactly("1 " + MigrationState.BASELINE, "2 " + MigrationState.SUCCESS, "3 " + MigrationState.SUCCESS);
            assertThat(number(sql, "SELECT balance FROM point_wallet WHERE user_id = 7")).isEqualTo(777);
            assertThat(text(sql, "SELECT time_zone || ' ' || max_seats_per_user FROM concert WHERE id = 1")).isEqualTo("UTC 4");
            // The date became one section of one row, its seats keeping their numbers, prices and states.
            assertThat(text(sql, "SELECT name || ' ' || seat_rows || 'x' || seats_per_row FROM seat_section WHERE schedule_id = 101"))
                    .isEqualTo("General 1x3");
            assertThat(text(sql, "SELECT LISTAGG(seat_number || ':' || seat_row || '-' || seat_in_row || ':' || price || ':' || status, ',')"
                    + " WITHIN GROUP (ORDER BY id) FROM seat WHERE section_id = (SELECT id FROM seat_section WHERE schedule_id = 101)"))
                    .isEqualTo("1:1-1:150000:RESERVED,2:1-2:110000:HELD,3:1-3:80000:AVAILABLE");
            // Each reservation holds its one seat.
            assertThat(text(sql, "SELECT LISTAGG(reservation_id || '>' || seat_id, ',') WITHIN GROUP (ORDER BY reservation_id)"
                    + " FROM reservation_seat")).isEqualTo("10>1,11>2");
            assertThat(number(sql, "SELECT SUM(seat_count) FROM reservation")).isEqualTo(2);
            // Concerts may be cancelled until 24 hours before; nothing of the old sales was cancelled or refunded.
            assertThat(number(sql, "SELECT cancel_until_seconds FROM concert WHERE id = 1")).isEqualTo(86_400);
            assertThat(number(sql, "SELECT COUNT(*) FROM reservation WHERE cancelled_at IS NULL AND refunded = 0")).isEqualTo(2);
            sql.execute("DROP ALL OBJECTS");
        }
    }

    private static long number(Statement sql, String query) throws SQLException {
        try (ResultSet row = sql.executeQuery(query)) {
            assertThat(row.next()).as(query).isTrue();
            return row.getLong(1);
        }
    }

    private static String text(Statement sql, String query) throws SQLException {
        try (ResultSet row = sql.executeQuery(query)) {
            assertThat(row.next()).as(query).isTrue();
            return row.getString(1);
        }
    }
}
