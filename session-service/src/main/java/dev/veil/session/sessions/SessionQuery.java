package dev.veil.session.sessions;

import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

import java.util.Map;

/**
 * The filters of a session list as SQL conditions over the sessions table, each starting with {@code " AND "},
 * with the values they bind (named {@code :f0}, {@code :f1}, …), and the page wanted.
 *
 * @param conditions SQL built only from fixed column names and bind markers, never from request text
 */
public record SessionQuery(String conditions, Map<String, Object> values, int limit, long offset) {

    public SessionQuery {
        values = Map.copyOf(values);
    }

    GenericExecuteSpec bind(GenericExecuteSpec spec) {
        GenericExecuteSpec bound = spec;
        for (Map.Entry<String, Object> value : values.entrySet()) {
            bound = bound.bind(value.getKey(), value.getValue());
        }
        return bound;
    }
}
