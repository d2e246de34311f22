package dev.weft.profile.bench;

import dev.weft.profile.bench.BenchResults.Cell;
import dev.weft.profile.bench.BenchResults.PythonRow;
import dev.weft.profile.bench.BenchResults.Skipped;
import dev.weft.profile.bench.BenchResults.WorkloadResult;

/**
 * {@code results.json}: the bench results for other tools, in the shape
 * {@code results.schema.json} (beside it in the report, and in this package's resources)
 * describes. The format is named by its {@code "format"} member, "weft-bench-results/1".
 */
public final class ResultsJson {
    /** The value of the {@code format} member; a change of shape changes the number. */
    public static final String FORMAT = "weft-bench-results/1";

    private ResultsJson() {
    }

    public static String write(BenchResults r) {
        Json j = new Json().beginObject()
                .field("format", FORMAT)
                .field("plan", r.plan())
                .field("started", r.started())
                .field("seconds", r.seconds());
        j.name("machine").beginObject().field("description", r.machine()).field("cores", r.cores())
                .field("java", r.java()).endObject();
        j.name("workloads").beginArray();
        for (WorkloadResult w : r.workloads()) {
            workload(j, w);
        }
        j.endArray();
        j.name("skipped").beginArray();
        for (Skipped s : r.skipped()) {
            j.beginObject().field("mode", s.execution().name()).field("why", s.why()).endObject();
        }
        j.endArray();
        j.name("python");
        if (r.python().isEmpty()) {
            j.nullValue();
        } else {
            j.beginObject().field("version", r.python().get().version()).name("rows").beginArray();
            for (PythonRow row : r.python().get().rows()) {
                j.beginObject().field("class", row.bound().name()).field("mode", row.mode())
                        .field("parallelism", row.parallelism()).field("seconds", row.seconds())
                        .field("speedup", row.speedup()).endObject();
            }
            j.endArray().endObject();
        }
        return j.endObject().toString() + "\n";
    }

    private static void workload(Json j, WorkloadResult w) {
        j.beginObject().field("name", w.name()).field("class", w.label().name()).field("label", w.label().label())
                .field("shape", w.shape()).field("jobs", w.jobs()).field("unitsPerJob", w.unitsPerJob())
                .field("unitSeconds", w.unitSeconds());
        j.name("verdict");
        if (w.verdict() == null) {
            j.nullValue();
        } else {
            j.beginObject().field("class", w.verdict().bound().name()).field("headline", w.verdict().headline())
                    .field("recommendation", w.verdict().recommendation()).endObject();
        }
        j.name("cells").beginArray();
        for (Cell c : w.cells()) {
            j.beginObject().field("mode", c.execution().name()).field("label", c.execution().label())
                    .field("parallelism", c.parallelism()).field("seconds", c.seconds()).field("speedup", c.speedup());
            j.name("samples").beginArray();
            c.samples().forEach(j::value);
            j.endArray().endObject();
        }
        j.endArray().endObject();
    }
}
