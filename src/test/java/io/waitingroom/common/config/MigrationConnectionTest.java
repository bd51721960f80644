package io.waitingroom.common.config;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flyway's JDBC connection, told from the R2DBC one the operator configured. */
class MigrationConnectionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "r2dbc:mysql://db-host:3306/waitingroom | jdbc:mysql://db-host:3306/waitingroom",
            "r2dbc:mysql://127.0.0.1:3306/wr_ci_1?sslMode=DISABLED&tcpKeepAlive=true | jdbc:mysql://127.0.0.1:3306/wr_ci_1",
            "r2dbc:mariadb://app:secret@db:3307/shop | jdbc:mysql://db:3307/shop",
            "r2dbc:pool:mysql://db/waitingroom | jdbc:mysql://db/waitingroom",
            "r2dbcs:mysql://db:3306/waitingroom | jdbc:mysql://db:3306/waitingroom",
            "r2dbc:h2:mem:///waitingroom?options=DB_CLOSE_DELAY=-1;MODE=MySQL;LOCK_TIMEOUT=3000 | jdbc:h2:mem:waitingroom;DB_CLOSE_DELAY=-1;MODE=MySQL;LOCK_TIMEOUT=3000",
            "r2dbc:h2:mem:///plain | jdbc:h2:mem:plain",
    })
    void theJdbcUrlNamesTheSameDatabase(String r2dbc, String jdbc) {
        assertThat(MigrationConnection.jdbcUrlOf(r2dbc)).isEqualTo(jdbc);
    }

    @Test
    void aUrlItCannotReadAsksForFlywaysOwn() {
        assertThatThrownBy(() -> MigrationConnection.jdbcUrlOf("r2dbc:postgresql://db/waitingroom"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spring.flyway.url");
    }

    @Test
    void theCredentialsAreTheR2dbcOnesUnlessFlywayHasItsOwn() {
        StandardEnvironment environment = environment(Map.of("spring.r2dbc.url", "r2dbc:mysql://db:3306/w",
                "spring.r2dbc.username", "app", "spring.r2dbc.password", "secret", "spring.flyway.password", "other"));

        new MigrationConnection().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.flyway.url")).isEqualTo("jdbc:mysql://db:3306/w");
        assertThat(environment.getProperty("spring.flyway.user")).isEqualTo("app");
        assertThat(environment.getProperty("spring.flyway.password")).isEqualTo("other");
    }

    @Test
    void aFlywayUrlOfItsOwnIsLeftAlone() {
        StandardEnvironment environment = environment(Map.of("spring.r2dbc.url", "r2dbc:postgresql://db/w",
                "spring.flyway.url", "jdbc:postgresql://db/w"));

        new MigrationConnection().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.flyway.url")).isEqualTo("jdbc:postgresql://db/w");
        assertThat(environment.containsProperty("spring.flyway.user")).isFalse();
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
