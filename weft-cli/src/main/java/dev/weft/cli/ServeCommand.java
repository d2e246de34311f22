package dev.weft.cli;

import dev.weft.examples.Echo;
import dev.weft.examples.Http;
import dev.weft.net.LoopGroup;
import dev.weft.net.TcpServer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft serve echo|http [--port P] [--loops N]}: runs the echo or HTTP example server on
 * loopback until killed, over N loops (one per carrier thread), accepting on the first.
 * Interrupting the thread that runs it stops it as Ctrl-C does.
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {
                "Serve the echo or http example on 127.0.0.1 until killed (Ctrl-C).",
                "With --loops N, N event loops share the connections, one per thread.",
        })
public final class ServeCommand implements Callable<Integer> {
    /** The servers this command can run. */
    enum Kind { echo, http }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVER", description = "echo or http")
    Kind kind;

    @Option(names = "--port", paramLabel = "P", description = "port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks one)")
    int port = 8080;

    @Option(names = "--loops", paramLabel = "N", description = "event loops, one per thread (default: ${DEFAULT-VALUE})")
    int loops = 1;

    @Option(names = "--root", paramLabel = "DIR", description = "http: serve files under DIR at /static/")
    Path root;

    @Option(names = "--max-connections", paramLabel = "N", description = "connections open at once (default: ${DEFAULT-VALUE})")
    int maxConnections = 10_000;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (loops < 1 || port < 0 || port > 65535) {
            err.println("weft serve: --loops must be >= 1 and --port between 0 and 65535");
            err.flush();
            return ExitCode.USAGE;
        }
        boolean interrupted = false;
        try (LoopGroup group = LoopGroup.open(loops)) {
            TcpServer.Options options = TcpServer.Options.defaults().withLoops(group).withMaxConnections(maxConnections);
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            Http.Config config = new Http.Config(root, Duration.ofSeconds(10));
            TcpServer server = switch (kind) {
                case echo -> TcpServer.start(at, Echo::handle, options);
                case http -> Http.serve(at, config, options);
            };
            Thread hook = new Thread(server::close, "weft serve shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.printf("weft serve %s: listening on 127.0.0.1:%d with %d loop%s (Ctrl-C stops)%n", kind, server.port(),
                    loops, loops == 1 ? "" : "s");
            out.flush();
            try {
                server.join();
            } catch (CancellationException e) {
                interrupted = Thread.interrupted();   // clear it while the server and the loops close
                server.close();                       // the thread running the command was interrupted: stop as on Ctrl-C
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run: nothing to remove
                }
            }
            out.printf("weft serve %s: stopped after %d connections%n", kind, server.acceptedCount());
            out.flush();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }
}
