package io.waitingroom.common.config;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Flyway migrates over JDBC, the service runs on R2DBC: so that an operator names the database
 * once, Flyway's connection ({@code spring.flyway.url}, {@code user}, {@code password}) is derived
 * from {@code spring.r2dbc.*} unless set. MySQL and MariaDB ({@code r2dbc:mysql:} or
 * {@code r2dbc:mariadb:}, through a pool or not) and H2 in memory are understood; any other URL
 * needs {@code spring.flyway.url}. Runs after {@link io.waitingroom.common.embedded.EmbeddedDefaults},
 * which may have chosen the embedded database.
 */
public class MigrationConnection implements EnvironmentPostProcessor, Ordered {

    /** r2dbc:[pool:]mysql|mariadb://[user[:password]@]host[:port]/database[?options] */
    private static final Pattern MYSQL = Pattern.compile("r2dbcs?:(?:pool:)?(?:mysql|mariadb)://(?:[^@/]*@)?([^/?]+)/([^?]+)(?:\\?.*)?");
    /** r2dbc:h2:mem:///name[?options=A;B] */
    private static final Pattern H2_MEMORY = Pattern.compile("r2dbc:(?:pool:)?h2:mem:///([^?]+)(?:\\?options=(.*))?");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String r2dbc = environment.getProperty("spring.r2dbc.url");
        if (r2dbc == null || environment.containsProperty("spring.flyway.url")) {
            return;
        }
        Map<String, Object> derived = new HashMap<>();
        derived.put("spring.flyway.url", jdbcUrlOf(r2dbc));
        copy(environment, "spring.r2dbc.username", "spring.flyway.user", derived);
        copy(environment, "spring.r2dbc.password", "spring.flyway.password", derived);
        environment.getPropertySources().addLast(new MapPropertySource("migrationConnection", derived));
    }

    static String jdbcUrlOf(String r2dbcUrl) {
        Matcher mysql = MYSQL.matcher(r2dbcUrl);
        if (mysql.matches()) {
            return "jdbc:mysql://" + mysql.group(1) + "/" + mysql.group(2);
        }
        Matcher h2 = H2_MEMORY.matcher(r2dbcUrl);
        if (h2.matches()) {
            return "jdbc:h2:mem:" + h2.group(1) + (h2.group(2) == null ? "" : ";" + h2.group(2));
        }
        throw new IllegalStateException("Cannot tell Flyway's JDBC URL from spring.r2dbc.url=" + r2dbcUrl
                + ": set spring.flyway.url (with spring.flyway.user and spring.flyway.password) to the same database");
    }

    private static void copy(ConfigurableEnvironment environment, String from, String to, Map<String, Object> derived) {
        String value = environment.getProperty(from);
        if (value != null && !environment.containsProperty(to)) {
            derived.put(to, value);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
