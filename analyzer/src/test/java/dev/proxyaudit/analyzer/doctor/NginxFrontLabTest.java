package dev.proxyaudit.analyzer.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.testing.Cli;
import dev.proxyaudit.analyzer.testing.SelfSigned;
import dev.proxyaudit.testing.Need;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 19, the incident's own setup in the lab: V2Ray 4.34 (Debian's) with a VMess WebSocket
 * inbound on 127.0.0.1 behind Debian's nginx with TLS (self-signed), and a client V2Ray whose
 * outbound is VMess over WebSocket + TLS to nginx, in two network namespaces joined by a veth pair
 * (TEST-NET-1, no route out). A connection to port 25 through the client's SOCKS inbound is logged
 * by the server's V2Ray with the real client's address when nginx sets X-Forwarded-For, and with
 * nginx's own (127.0.0.1) when it does not; doctor names that nginx location and line. Root only;
 * under CI=true a missing tool fails naming its package.
 */
class NginxFrontLabTest {
  private static final String UUID = "b831381d-6324-4d53-ad4f-8cda48b30811";
  private static final String SERVER = "192.0.2.1";
  private static final String CLIENT = "192.0.2.2";
  private static final String MAIL = "203.0.113.25";

  @TempDir Path tmp;
  private final List<Process> started = new ArrayList<>();
  private final List<String> namespaces = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process p : started) { // only what this test started, by its handle
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    for (String ns : namespaces) {
      run("ip", "netns", "del", ns);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theLoggedClientIsTheRealOneOnlyWhenNginxPassesIt(boolean forwardedFor) throws Exception {
    Need.root("network namespaces of its own");
    Need.command("ip", "iproute2");
    Need.command("v2ray", "v2ray");
    Need.command("nginx", "nginx");
    Need.command("openssl", "openssl");
    Need.command("python3", "python3");
    String id = Long.toString(ProcessHandle.current().pid() % 10000) + (forwardedFor ? "x" : "n");
    String server = "pa-wss-" + id;
    String client = "pa-wsc-" + id;
    topology(server, client, id);

    // the mail server: accepts, greets, closes; exits after 20 connections or 60 s
    start(
        server,
        "python3",
        "-c",
        "import socket,time\n"
            + "s=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
            + "s.bind(('"
            + MAIL
            + "',25));s.listen(8);s.settimeout(60)\n"
            + "for _ in range(20):\n"
            + "  c,_=s.accept();c.sendall(b'220 mail.example.test ESMTP\\r\\n');c.close()\n");

    Path access = tmp.resolve("access.log");
    Files.writeString(access, "");
    Files.writeString(
        tmp.resolve("server.json"),
        """
        {"log": {"access": "%s", "loglevel": "warning"},
         "inbounds": [{"port": 10000, "listen": "127.0.0.1", "protocol": "vmess",
           "settings": {"clients": [{"id": "%s", "alterId": 0, "email": "alice@example.com"}]},
           "streamSettings": {"network": "ws", "wsSettings": {"path": "/ray"}}}],
         "outbounds": [{"protocol": "freedom"}]}
        """
            .formatted(access, UUID));
    start(server, "v2ray", "-config", tmp.resolve("server.json").toString());

    Path cert = SelfSigned.certificate(tmp, "front.example.test");
    Files.createDirectories(tmp.resolve("nginx-tmp"));
    // the location as the common guides write it; the first variant with the line they add
    String location =
        String.join(
            "\n",
            "    location /ray {",
            "      proxy_redirect off;",
            "      proxy_pass http://127.0.0.1:10000;",
            "      proxy_http_version 1.1;",
            "      proxy_set_header Upgrade $http_upgrade;",
            "      proxy_set_header Connection \"upgrade\";",
            "      proxy_set_header Host $host;",
            forwardedFor
                ? "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"
                : "      # no X-Forwarded-For",
            "    }");
    Path conf = tmp.resolve("nginx.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "daemon off;",
            "user root;", // the test's files are under a 0700 folder
            "pid " + tmp.resolve("nginx.pid") + ";",
            "error_log " + tmp.resolve("nginx-error.log") + ";",
            "events {}",
            "http {",
            "  access_log " + tmp.resolve("nginx-access.log") + ";",
            "  client_body_temp_path " + tmp.resolve("nginx-tmp") + ";",
            "  proxy_temp_path " + tmp.resolve("nginx-tmp") + ";",
            "  server {",
            "    listen " + SERVER + ":443 ssl;",
            "    server_name front.example.test;",
            "    ssl_certificate " + cert + ";",
            "    ssl_certificate_key " + tmp.resolve("key.pem") + ";",
            location,
            "  }",
            "}",
            ""));
    start(
        server,
        "nginx",
        "-p",
        tmp.toString(),
        "-e",
        tmp.resolve("nginx-error.log").toString(),
        "-c",
        conf.toString());

    Files.writeString(
        tmp.resolve("client.json"),
        """
        {"log": {"loglevel": "warning"},
         "inbounds": [{"port": 1080, "listen": "127.0.0.1", "protocol": "socks",
           "settings": {"auth": "noauth"}}],
         "outbounds": [{"protocol": "vmess",
           "settings": {"vnext": [{"address": "%s", "port": 443,
             "users": [{"id": "%s", "alterId": 0}]}]},
           "streamSettings": {"network": "ws", "security": "tls",
             "tlsSettings": {"serverName": "front.example.test", "allowInsecure": true},
             "wsSettings": {"path": "/ray"}}}]}
        """
            .formatted(SERVER, UUID));
    start(client, "v2ray", "-config", tmp.resolve("client.json").toString());

    String banner = throughSocks(client);
    assertTrue(
        banner.startsWith("220 "), "the mail server's greeting through the proxy: " + banner);

    String line = accessLineTo(access);
    String parsed = parse(access);
    assertTrue(parsed.contains("dst=" + MAIL + ":25"), parsed);
    if (forwardedFor) {
      // V2Ray's WebSocket hub takes the first X-Forwarded-For address, with port 0
      assertTrue(parsed.contains("src=" + CLIENT + ":0"), line + "\n" + parsed);
    } else {
      assertTrue(parsed.contains("src=127.0.0.1:"), line + "\n" + parsed);
    }

    Cli.Run doctor =
        Cli.audit(
            "doctor",
            "--v2ray-config",
            tmp.resolve("server.json").toString(),
            "--nginx-config",
            conf.toString(),
            "--output",
            "json");
    String expected = forwardedFor ? FrontProxyCheck.ID_NGINX_XFF : FrontProxyCheck.ID_NGINX_NO_XFF;
    assertTrue(doctor.out().contains("\"" + expected + "\""), doctor.out());
    if (!forwardedFor) {
      // the location's own line in the file nginx really ran with
      int at = lineOf(conf, "    location /ray {");
      assertTrue(doctor.out().contains(conf + ":" + at), doctor.out());
      assertTrue(
          doctor.out().contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"),
          doctor.out());
    }
  }

  /** Two namespaces and a veth pair between them; the mail address on the server's loopback. */
  private void topology(String server, String client, String id) throws Exception {
    for (String ns : List.of(server, client)) {
      Need.that(run("ip", "netns", "add", ns) == 0, "cannot create namespace " + ns);
      namespaces.add(ns);
      assertEquals(0, run("ip", "-n", ns, "link", "set", "lo", "up"));
    }
    String a = "pa-s" + id;
    String b = "pa-c" + id;
    assertEquals(
        0,
        run(
            "ip", "link", "add", a, "netns", server, "type", "veth", "peer", "name", b, "netns",
            client));
    assertEquals(0, run("ip", "-n", server, "addr", "add", SERVER + "/24", "dev", a));
    assertEquals(0, run("ip", "-n", client, "addr", "add", CLIENT + "/24", "dev", b));
    assertEquals(0, run("ip", "-n", server, "link", "set", a, "up"));
    assertEquals(0, run("ip", "-n", client, "link", "set", b, "up"));
    assertEquals(0, run("ip", "-n", server, "addr", "add", MAIL + "/32", "dev", "lo"));
  }

  /** SOCKS5 CONNECT to the mail server from inside the client's namespace; its greeting. */
  private String throughSocks(String client) throws Exception {
    String script =
        "import socket,struct,time,sys\n"
            + "for attempt in range(40):\n"
            + "  try:\n"
            + "    s=socket.create_connection(('127.0.0.1',1080),timeout=5)\n"
            + "    s.sendall(b'\\x05\\x01\\x00');s.recv(2)\n"
            + "    s.sendall(b'\\x05\\x01\\x00\\x01'+socket.inet_aton('"
            + MAIL
            + "')+struct.pack('>H',25))\n"
            + "    r=s.recv(10)\n"
            + "    if len(r)<2 or r[1]!=0: raise OSError('socks reply %r'%r)\n"
            + "    g=s.recv(100)\n"
            + "    if g: print(g.decode().strip()); sys.exit(0)\n"
            + "  except OSError as e: print('attempt',attempt,e,file=sys.stderr)\n"
            + "  time.sleep(0.5)\n"
            + "sys.exit(1)\n";
    Process p =
        new ProcessBuilder("ip", "netns", "exec", client, "python3", "-c", script)
            .redirectError(tmp.resolve("socks.err").toFile())
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "socks client did not end");
    return out + (p.exitValue() == 0 ? "" : " / " + Files.readString(tmp.resolve("socks.err")));
  }

  /** The server's access line for the mail connection, once V2Ray has written it (5 s at most). */
  private static String accessLineTo(Path access) throws Exception {
    for (int i = 0; i < 50; i++) {
      for (String l : Files.readAllLines(access)) {
        if (l.contains(MAIL + ":25")) {
          return l;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no access line to " + MAIL + ":25 in " + Files.readString(access));
  }

  private static String parse(Path access) {
    Cli.Run r = Cli.audit("parse", "--tz", "UTC", access.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    return r.out();
  }

  private static int lineOf(Path file, String text) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).equals(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + file);
  }

  private void start(String ns, String... command) throws IOException {
    List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    c.addAll(List.of(command));
    Path log = tmp.resolve(command[0] + "-" + started.size() + ".out");
    Process p =
        new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    p.getOutputStream().close();
    started.add(p);
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    p.getInputStream().transferTo(System.err);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
