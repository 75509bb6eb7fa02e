package dev.veil.standalone;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every log line the platform writes in this JVM from the moment the first end-to-end test starts it: message,
 * arguments, MDC fields and exception, as the structured log would carry them, so the privacy scan can look for
 * phone numbers in them. The carrier simulator (an outside carrier) and the customer's callback endpoint are not
 * Veil and are left out.
 */
final class LogCapture {

    private static final List<String> NOT_VEIL = List.of("dev.veil.carrier", "dev.veil.testsupport.CustomerEndpoint");
    private static final ConcurrentLinkedQueue<String> LINES = new ConcurrentLinkedQueue<>();
    private static boolean installed;

    private LogCapture() {
    }

    /** Starts capturing, once per JVM. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (NOT_VEIL.stream().noneMatch(event.getLoggerName()::startsWith)) {
                    LINES.add(line(event));
                }
            }
        };
        appender.setContext(context);
        appender.setName("privacy-scan");
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        installed = true;
    }

    /** The lines captured so far. */
    static List<String> lines() {
        return List.copyOf(LINES);
    }

    private static String line(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage())
                .append(' ').append(event.getMDCPropertyMap());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                line.append(' ').append(frame.getSTEAsString());
            }
        }
        return line.toString();
    }
}
