package io.liteobs.postgres;

import com.zaxxer.hikari.HikariConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link PostgresStore} or {@link PostgresReader} connects, and who writes: a JDBC URL, the credentials, and
 * the service and instance names that every row written carries. Immutable once built; the command line and the HTTP
 * server build one from a JDBC URL given in place of a file.
 *
 * <pre>{@code
 * PostgresOptions options = PostgresOptions.builder("jdbc:postgresql://db.internal:5432/observability")
 *         .user("liteobs")
 *         .password(System.getenv("LITEOBS_DB_PASSWORD"))
 *         .service("orders")
 *         .build();
 * try (PostgresStore store = PostgresStore.open(options)) {
 *     ...
 * }
 * }</pre>
 *
 * <p>A schema other than {@code public} is chosen in the URL: {@code ...?currentSchema=observability}.
 *
 * @param jdbcUrl           the {@code jdbc:postgresql:} URL
 * @param user              the database user; null to take it from the URL or pgjdbc's defaults
 * @param password          the password; null for none (or one given in the URL)
 * @param service           the service name stored with every row written
 * @param instance          the instance name stored with every row written
 * @param poolSize          the most connections open at once, writing and reading together
 * @param connectionTimeout how long a call waits for a connection before it fails as unavailable
 * @param properties        further pgjdbc connection properties, such as {@code sslmode}
 */
public record PostgresOptions(String jdbcUrl, @Nullable String user, @Nullable String password, String service,
        String instance, int poolSize, Duration connectionTimeout, Map<String, String> properties) {

    /** The URL prefix of PostgreSQL's JDBC driver. */
    public static final String URL_PREFIX = "jdbc:postgresql:";
    /** The service name when none is given. */
    public static final String DEFAULT_SERVICE = "default";
    /** The connections a store opens at most by default: one writing, the rest reading. */
    public static final int DEFAULT_POOL_SIZE = 4;
    /** The most connections accepted. */
    public static final int MAX_POOL_SIZE = 64;
    /** How long a call waits for a connection by default, in milliseconds. */
    public static final long DEFAULT_CONNECTION_TIMEOUT_MILLIS = 5_000;
    /** The longest service or instance name accepted. */
    public static final int MAX_NAME_LENGTH = 200;

    /**
     * Validates and copies; see {@link Builder} for what each component accepts.
     *
     * @param jdbcUrl the {@code jdbc:postgresql:} URL
     * @param user the database user; null to take it from the URL or pgjdbc's defaults
     * @param password the password; null for none (or one given in the URL)
     * @param service the service name stored with every row written
     * @param instance the instance name stored with every row written
     * @param poolSize the most connections open at once, writing and reading together
     * @param connectionTimeout how long a call waits for a connection before it fails as unavailable
     * @param properties further pgjdbc connection properties, such as {@code sslmode}
     */
    public PostgresOptions {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!isPostgresUrl(jdbcUrl)) {
            throw new IllegalArgumentException("jdbcUrl must start with " + URL_PREFIX + ", got "
                    + withoutParameters(jdbcUrl));
        }
        if (org.postgresql.Driver.parseURL(jdbcUrl, null) == null) {
            throw new IllegalArgumentException("jdbcUrl " + withoutParameters(jdbcUrl) + " is not a URL pgjdbc"
                    + " accepts: write it as jdbc:postgresql://host:port/database?parameter=value");
        }
        checkName("service", service);
        checkName("instance", instance);
        if (poolSize < 2 || poolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("poolSize must be between 2 (one writing, one reading connection) and "
                    + MAX_POOL_SIZE + ", got " + poolSize);
        }
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectionTimeout must be at least 250 ms (HikariCP's floor), got "
                    + connectionTimeout);
        }
        properties = Map.copyOf(properties);
    }

    /**
     * Whether {@code target} is a PostgreSQL JDBC URL rather than, say, the path of a SQLite file.
     *
     * @param target a JDBC URL or a file path, as a user gave it
     * @return whether {@code target} is a PostgreSQL JDBC URL rather than, say, the path of a SQLite file
     */
    public static boolean isPostgresUrl(String target) {
        return target.startsWith(URL_PREFIX);
    }

    /**
     * Options for {@code jdbcUrl} with every other setting at its default.
     *
     * @param jdbcUrl the {@code jdbc:postgresql:} URL
     * @return options for {@code jdbcUrl} with every other setting at its default
     */
    public static PostgresOptions of(String jdbcUrl) {
        return builder(jdbcUrl).build();
    }

    /**
     * A builder for options connecting to {@code jdbcUrl}.
     *
     * @param jdbcUrl the {@code jdbc:postgresql:} URL
     * @return a builder for options connecting to {@code jdbcUrl}
     */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /**
     * The database as messages and thread names show it: the URL without its {@code jdbc:postgresql:} prefix and
     * without its parameters, which may hold a password; the schema, when the URL names one, after a slash.
     *
     * @return the database as messages and thread names show it
     */
    public String databaseName() {
        String name = withoutParameters(jdbcUrl).substring(URL_PREFIX.length());
        if (name.startsWith("//")) {
            name = name.substring(2);
        }
        String schema = urlParameter("currentSchema");
        return schema == null ? name : name + "/" + schema;
    }

    /** The password is left out, whether given here or in the URL. */
    @Override
    public String toString() {
        return "PostgresOptions[database=" + databaseName() + ", user=" + user + ", service=" + service
                + ", instance=" + instance + ", poolSize=" + poolSize + ", connectionTimeout=" + connectionTimeout
                + ", properties=" + properties.keySet() + "]";
    }

    /** The pool's configuration: {@code poolName} for its threads, read-only connections for a reader. */
    HikariConfig poolConfig(String poolName, boolean readOnly) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        Properties driver = new Properties();
        driver.setProperty("ApplicationName", "liteobs " + service + "/" + instance);
        // A batch of inserts goes as multi-row inserts: measured the fastest way for rows with ON CONFLICT.
        driver.setProperty("reWriteBatchedInserts", "true");
        driver.putAll(properties);
        if (readOnly) {
            // pgjdbc makes only explicit transactions read-only unless told to: queries run in auto-commit mode.
            driver.setProperty("readOnlyMode", "always");
        }
        config.setDataSourceProperties(driver);
        config.setPoolName(poolName);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setReadOnly(readOnly);
        // The pool opens its first connection when the store opens it, which then fails with the driver's reason.
        config.setInitializationFailTimeout(connectionTimeout.toMillis());
        return config;
    }

    private @Nullable String urlParameter(String name) {
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String pair : jdbcUrl.substring(query + 1).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return pair.substring(equals + 1);
            }
        }
        return null;
    }

    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static void checkName(String what, String name) {
        Objects.requireNonNull(name, what);
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " must be 1 to " + MAX_NAME_LENGTH
                    + " characters without control characters, got '" + name + "'");
        }
    }

    /** The host name, or {@code localhost} when the machine cannot say. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Builds {@link PostgresOptions}; every setting but the URL has a default. */
    public static final class Builder {

        private final String jdbcUrl;
        private @Nullable String user;
        private @Nullable String password;
        private String service = DEFAULT_SERVICE;
        private @Nullable String instance;
        private int poolSize = DEFAULT_POOL_SIZE;
        private Duration connectionTimeout = Duration.ofMillis(DEFAULT_CONNECTION_TIMEOUT_MILLIS);
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder(String jdbcUrl) {
            this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        }

        /**
         * @param user the database user; null to take it from the URL
         *
         * @return this builder
         */
        public Builder user(@Nullable String user) {
            this.user = user;
            return this;
        }

        /**
         * @param password the password; null for none, or the one in the URL
         *
         * @return this builder
         */
        public Builder password(@Nullable String password) {
            this.password = password;
            return this;
        }

        /**
         * The service stored with every row written, such as {@code orders}; {@value #DEFAULT_SERVICE} unless set.
         *
         * @param service 1 to {@value #MAX_NAME_LENGTH} characters without control characters
         * @return this builder
         */
        public Builder service(String service) {
            this.service = Objects.requireNonNull(service, "service");
            return this;
        }

        /**
         * The instance stored with every row written, such as a pod name or {@code host:port}; the host name unless
         * set. Instances of one service that share a name share their metric series.
         *
         * @param instance 1 to {@value #MAX_NAME_LENGTH} characters without control characters
         * @return this builder
         */
        public Builder instance(String instance) {
            this.instance = Objects.requireNonNull(instance, "instance");
            return this;
        }

        /**
         * The most connections open at once, {@value #DEFAULT_POOL_SIZE} unless set: writes take one at a time, the
         * rest serve queries.
         *
         * @param poolSize 2 to {@value #MAX_POOL_SIZE}
         * @return this builder
         */
        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /**
         * How long a call waits for a connection before it fails as {@code UNAVAILABLE};
         * {@value #DEFAULT_CONNECTION_TIMEOUT_MILLIS} ms unless set.
         *
         * @param connectionTimeout at least 250 ms
         * @return this builder
         */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = Objects.requireNonNull(connectionTimeout, "connectionTimeout");
            return this;
        }

        /**
         * A pgjdbc connection property, such as {@code sslmode=verify-full}; later values replace earlier ones.
         *
         * @param key the property's name, such as {@code sslmode}
         * @param value the property's value
         * @return this builder
         */
        public Builder property(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The options.
         *
         * @return the options
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public PostgresOptions build() {
            return new PostgresOptions(jdbcUrl, user, password, service, instance != null ? instance : hostName(),
                    poolSize, connectionTimeout, properties);
        }
    }
}
