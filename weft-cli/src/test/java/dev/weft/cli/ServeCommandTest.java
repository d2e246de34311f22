package dev.weft.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(60)
class ServeCommandTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) with (\\d+) loops?");

    /** Runs {@code weft serve ARGS} on a thread; calls {@code client} with the port once it listens; then stops it. */
    private static String serve(ClientBody client, String... args) throws Exception {
        PipedInputStream in = new PipedInputStream(64 * 1024);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new PipedOutputStream(in), UTF_8), true);
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = Thread.ofPlatform().start(() -> {
            try {
                CommandLine weft = WeftCommand.commandLine();
                weft.setOut(out);
                weft.setErr(new PrintWriter(err, true));
                exit.set(weft.execute(args));
            } finally {
                out.close();                    // the reader below sees the end, whatever happened
            }
        });
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, UTF_8));
        String first = lines.readLine();
        Matcher m = LISTENING.matcher(first == null ? "" : first);
        assertThat(m.find()).as("the first line: %s (errors: %s)", first, err).isTrue();
        client.run(Integer.parseInt(m.group(1)));
        serving.interrupt();                    // as Ctrl-C
        serving.join();
        String rest = lines.readLine();
        assertThat(exit.get()).as(err.toString()).isZero();
        return first + "\n" + rest;
    }

    @FunctionalInterface
    interface ClientBody {
        void run(int port) throws Exception;
    }

    @Test
    void serveEchoListensOnLoopbackOverTwoLoopsAndStopsWhenInterrupted() throws Exception {
        String said = serve(port -> {
            for (int i = 0; i < 4; i++) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write(("ping " + i).getBytes(UTF_8));
                    s.shutdownOutput();
                    assertThat(new String(s.getInputStream().readAllBytes(), UTF_8)).isEqualTo("ping " + i);
                }
            }
        }, "serve", "echo", "--port", "0", "--loops", "2");
        assertThat(said).contains("with 2 loops").contains("stopped after 4 connections");
    }

    @Test
    void serveHttpAnswersHello() throws Exception {
        serve(port -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(UTF_8));
                String answer = new String(s.getInputStream().readAllBytes(), UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nHello, world!\n");
            }
        }, "serve", "http", "--port", "0");
    }

    @Test
    void badSettingsAreAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine weft = WeftCommand.commandLine();
        weft.setErr(new PrintWriter(err, true));
        assertThat(weft.execute("serve", "echo", "--loops", "0")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--loops must be >= 1");
    }
}
