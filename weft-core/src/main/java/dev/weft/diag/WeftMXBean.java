package dev.weft.diag;

import dev.weft.Weft;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Weft's diagnostics over JMX, as {@value #NAME} in the platform MBean server: how
 * {@code weft dump PID} (or jconsole, or any JMX client) reads a running program's tasks. The
 * watchdog registers it once a loop has run for a second; nothing listens on the network unless
 * the program or an attaching tool starts a JMX agent.
 */
public interface WeftMXBean {
    /** The object name it is registered under. */
    String NAME = "dev.weft:type=Diagnostics";

    /** {@link Weft#dumpTasks()}: every task of every loop, with state, wait and stack. */
    String dumpTasks();

    /** Registers the bean once; a JVM without JMX, or one where it is taken, goes without. */
    static void register() {
        try {
            var server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (!server.isRegistered(name)) {
                WeftMXBean bean = Weft::dumpTasks;
                server.registerMBean(new StandardMBean(bean, WeftMXBean.class, true), name);
            }
        } catch (Exception | LinkageError e) {
            System.getLogger("dev.weft.diag").log(System.Logger.Level.DEBUG, "no JMX: weft dump will not work", e);
        }
    }
}
