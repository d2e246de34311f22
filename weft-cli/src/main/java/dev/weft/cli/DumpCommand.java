package dev.weft.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.weft.diag.WeftMXBean;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft dump PID}: prints the task dump of a running Weft program, as {@code jcmd} would:
 * it attaches to the JVM {@code PID} (same user, same machine), starts that JVM's local JMX
 * agent, and calls {@code Weft.dumpTasks()} through the {@link WeftMXBean} every Weft program
 * registers once a loop has run for a second (it waits up to {@value #WAIT_SECONDS} s for that).
 * Without a PID it lists the JVMs it could attach to.
 */
@Command(name = "dump",
        mixinStandardHelpOptions = true,
        header = "Print every task of a running Weft program.",
        description = {
                "Print every task of a running Weft program: state, what it waits on and for how long,"
                        + " who could end that wait, and its stack (attaches like jcmd; same user only).",
                "Without a PID, list the JVMs running on this machine.",
        })
public final class DumpCommand implements Callable<Integer> {
    static final int WAIT_SECONDS = 3;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PID", description = "the process id of the Weft program")
    String pid;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (pid == null) {
            out.println("JVMs on this machine (weft dump PID prints one's tasks):");
            for (VirtualMachineDescriptor vm : VirtualMachine.list()) {
                out.printf("  %-8s %s%n", vm.id(), vm.displayName());
            }
            out.flush();
            return ExitCode.OK;
        }
        if (!pid.matches("\\d+")) {
            err.printf("weft: PID must be a process id (a whole number), not '%s'%n", pid);
            err.flush();
            return ExitCode.USAGE;
        }
        try {
            out.print(dump(pid));
            out.flush();
            return ExitCode.OK;
        } catch (Exception e) {
            err.printf("weft: cannot read the tasks of process %s: %s%n", pid, e);
            err.printf("(it must be a JVM of this user that runs Weft, started without -XX:+DisableAttachMechanism)%n");
            err.flush();
            return ExitCode.SOFTWARE;
        }
    }

    /** The task dump of the JVM {@code pid}. */
    static String dump(String pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(pid);
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName name = new ObjectName(WeftMXBean.NAME);
            long deadline = System.nanoTime() + WAIT_SECONDS * 1_000_000_000L;
            while (!server.isRegistered(name)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("no Weft loop has run for a second in that JVM ("
                            + WeftMXBean.NAME + " is not registered)");
                }
                Thread.sleep(100);
            }
            return JMX.newMXBeanProxy(server, name, WeftMXBean.class).dumpTasks();
        }
    }
}
