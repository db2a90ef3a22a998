package io.liteobs.postgres;

import io.liteobs.Labels;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds a SELECT from SQL text fixed in this package and {@code ?} parameters, in order. Only constants of this
 * package reach the text (column names, and SQL chosen by switching over an enum); every value that comes from a
 * caller travels as a parameter, so no query can be turned into SQL injection.
 */
final class Select {

    private final StringBuilder sql;
    private final List<Object> parameters = new ArrayList<>();
    private boolean hasWhere;

    /** Starts with the SELECT ... FROM ... clause and its parameters, if any. */
    Select(String selectFrom, Object... parameters) {
        this.sql = new StringBuilder(selectFrom);
        Collections.addAll(this.parameters, parameters);
    }

    /** Adds a condition, with WHERE or AND. */
    Select where(String condition, Object... values) {
        sql.append(hasWhere ? " AND " : " WHERE ").append(condition);
        Collections.addAll(parameters, values);
        hasWhere = true;
        return this;
    }

    /** Adds {@code column >= from AND column < to}: the half-open range of a {@link TimeRange}. */
    Select whereWithin(String timestampColumn, TimeRange range) {
        return where(timestampColumn + " >= ? AND " + timestampColumn + " < ?", range.fromMillis(), range.toMillis());
    }

    /** Adds {@code column = value} unless the value is null, which matches everything. */
    Select whereEquals(String column, @Nullable String value) {
        return value == null ? this : where(column + " = ?", value);
    }

    /** Adds {@code column = sourceId} unless the source is null, which matches every source. */
    Select whereSource(String column, @Nullable Integer sourceId) {
        return sourceId == null ? this : where(column + " = ?", sourceId);
    }

    /**
     * Adds a subset match on a column of canonical label JSON: every label given must be present with its value. The
     * key travels as a parameter of the {@code ->>} operator.
     */
    Select whereHasLabels(String labelsColumn, Labels labels) {
        labels.asMap().forEach((key, value) -> where("(" + labelsColumn + "::jsonb ->> ?) = ?", key, value));
        return this;
    }

    /** Appends a clause such as ORDER BY or LIMIT, with its parameters. */
    Select append(String clause, Object... values) {
        sql.append(' ').append(clause);
        Collections.addAll(parameters, values);
        return this;
    }

    /** Makes the query so far a subquery: puts {@code before} ahead of it and {@code after} behind it. */
    Select within(String before, String after) {
        sql.insert(0, before).append(after);
        return this;
    }

    /** The SQL keyword for a direction. */
    static String keyword(SortDirection direction) {
        return switch (direction) {
            case ASC -> "ASC";
            case DESC -> "DESC";
        };
    }

    /** Runs the query and reads every row. */
    <T> List<T> list(Connection connection, SqlFunction<ResultSet, T> reader) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet resultSet = statement.executeQuery()) {
                while (resultSet.next()) {
                    rows.add(reader.apply(resultSet));
                }
            }
            return rows;
        }
    }
}
