package dev.weft.profile.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JsonTest {
    @Test
    void writesNestedObjectsAndArraysThatAJsonParserReadsBack() throws Exception {
        String text = new Json().beginObject().field("s", "a \"quoted\"\n\ttab\u0001").field("n", 0.25).field("l", 7)
                .name("a").beginArray().value(1.0E-4).value(true).nullValue().beginObject().endObject().endArray()
                .name("e").beginArray().endArray().endObject().toString();

        JsonNode doc = new ObjectMapper().readTree(text);

        assertThat(doc.get("s").asText()).isEqualTo("a \"quoted\"\n\ttab\u0001");
        assertThat(doc.get("n").asDouble()).isEqualTo(0.25);
        assertThat(doc.get("l").asLong()).isEqualTo(7);
        assertThat(doc.get("a")).hasSize(4);
        assertThat(doc.get("a").get(0).asDouble()).isEqualTo(1.0E-4);
        assertThat(doc.get("e")).isEmpty();
    }

    @Test
    void refusesNumbersJsonCannotHold() {
        assertThatThrownBy(() -> new Json().beginArray().value(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
