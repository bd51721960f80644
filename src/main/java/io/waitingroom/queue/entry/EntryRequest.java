package io.waitingroom.queue.entry;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The entry's body, {@code {"concertId": 1}}, read with Jackson's streaming parser: this is the
 * stampede's first request, and one number does not need data binding. Other fields are ignored;
 * anything that is not a positive whole concert id is 400 INVALID_REQUEST.
 */
record EntryRequest(long concertId) {

    private static final JsonFactory JSON = new JsonFactory();

    static EntryRequest parse(byte[] body) {
        long concertId = 0;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("the body must be a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("concertId".equals(field)) {
                    if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        throw invalid("concertId: must be a positive number");
                    }
                    concertId = parser.getLongValue();
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw invalid("nothing may follow the JSON object");
            }
        } catch (JacksonException malformed) {
            throw invalid("the body is not valid JSON");
        }
        if (concertId <= 0) {
            throw invalid("concertId: must be a positive number");
        }
        return new EntryRequest(concertId);
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemCode.INVALID_REQUEST, detail);
    }
}
