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
 * own Flyway settings.
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
        assertThat(info.current().getVersion().getVersion()).isEqualTo("1");
    }

    @Test
    void aDatabaseMadeBeforeMigrationsIsTakenAsVersionOneWithItsRowsKept() throws Exception {
        String url = "jdbc:h2:mem:before-migrations;DB_CLOSE_DELAY=-1;MODE=MySQL";
        try (Connection connection = DriverManager.getConnection(url); Statement sql = connection.createStatement()) {
            sql.execute(new ClassPathResource("legacy/schema-before-migrations.sql").getContentAsString(UTF_8));
            sql.execute("INSERT INTO point_wallet (user_id, balance) VALUES (7, 777)");

            Flyway sameSettings = Flyway.configure().configuration(flyway.getConfiguration()).dataSource(url, "", "").load();
            sameSettings.migrate();

            assertThat(sameSettings.info().current().getState()).isEqualTo(MigrationState.BASELINE);
            assertThat(sameSettings.info().current().getVersion().getVersion()).isEqualTo("1");
            assertThat(balanceOfSeven(sql)).isEqualTo(777);
            sql.execute("DROP ALL OBJECTS");
        }
    }

    private static long balanceOfSeven(Statement sql) throws SQLException {
        try (ResultSet row = sql.executeQuery("SELECT balance FROM point_wallet WHERE user_id = 7")) {
            assertThat(row.next()).isTrue();
            return row.getLong(1);
        }
    }
}
