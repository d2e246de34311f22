package dev.weft.profile.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResultsJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Set<ValidationMessage> validate(JsonNode doc) throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(ReportWriter.schema());
        return schema.validate(doc);
    }

    @Test
    void resultsValidateAgainstTheSchemaWithAndWithoutPython() throws Exception {
        for (boolean python : new boolean[] {false, true}) {
            JsonNode doc = MAPPER.readTree(ResultsJson.write(Reports.sample(python)));

            assertThat(validate(doc)).as("python=" + python).isEmpty();
        }
    }

    @Test
    void theSchemaRejectsADocumentMissingWhatItRequires() throws Exception {
        ObjectNode doc = (ObjectNode) MAPPER.readTree(ResultsJson.write(Reports.sample(false)));
        doc.remove("workloads");
        ((ObjectNode) doc.get("machine")).put("cores", 0);

        assertThat(validate(doc)).extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("workloads"))
                .anySatisfy(m -> assertThat(m).contains("cores"));
    }

    @Test
    void everyFigureOfTheResultsIsInTheJson() throws Exception {
        BenchResults r = Reports.sample(true);
        JsonNode doc = MAPPER.readTree(ResultsJson.write(r));

        assertThat(doc.get("format").asText()).isEqualTo(ResultsJson.FORMAT);
        assertThat(doc.get("workloads")).hasSize(4);
        JsonNode first = doc.get("workloads").get(0);
        assertThat(first.get("shape").asText()).isEqualTo("a <shape> & more");
        assertThat(first.get("cells")).hasSize(r.workloads().getFirst().cells().size());
        assertThat(first.get("verdict").get("headline").asText()).contains("\"evidence\"");
        assertThat(doc.get("python").get("rows")).hasSize(r.python().orElseThrow().rows().size());
        assertThat(doc.get("skipped").get(0).get("mode").asText()).isEqualTo("PROCESS_POOL");
    }
}
