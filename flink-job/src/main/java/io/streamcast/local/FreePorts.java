package io.streamcast.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.apache.kafka.common.utils.Utils;

/** Free TCP ports on a local address, for servers the demo and the tests start. */
public final class FreePorts {

    private FreePorts() {}

    /** Holds all sockets open together so that the ports differ from each other. */
    public static int[] on(String host, int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(host));
            }
            return Arrays.stream(sockets).mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        } finally {
            Arrays.stream(sockets).forEach(socket -> Utils.closeQuietly(socket, "port probe"));
        }
    }
}
