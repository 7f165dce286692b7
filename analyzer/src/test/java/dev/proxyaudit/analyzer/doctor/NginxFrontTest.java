package dev.proxyaudit.analyzer.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: V2Ray's WebSocket inbound behind nginx, as the incident's guide sets it up (Debian's
 * nginx layout: nginx.conf includes sites-enabled/*): doctor names the location that proxies to the
 * inbound and whether it passes the client in X-Forwarded-For, with nginx's own inheritance (a
 * location with proxy_set_header lines of its own takes none from its server).
 */
class NginxFrontTest {
  @TempDir Path root;

  private static final String V2RAY =
      """
      {
        "log": {"access": "/var/log/v2ray/access.log"},
        "inbounds": [{
          "port": 10000, "listen": "127.0.0.1", "protocol": "vmess",
          "settings": {"clients": [{"id": "b831381d-6324-4d53-ad4f-8cda48b30811", "email": "alice@example.com"}]},
          "streamSettings": {"network": "ws", "wsSettings": {"path": "/ray"}}
        }],
        "outbounds": [{"protocol": "freedom"}]
      }
      """;

  private static final String NGINX_CONF =
      """
      user www-data;
      events { worker_connections 768; }
      http {
          # Debian: the sites
          include /etc/nginx/conf.d/*.conf;
          include /etc/nginx/sites-enabled/*;
      }
      """;

  private List<Finding> doctor(String site) throws Exception {
    Files.createDirectories(root.resolve("etc/v2ray"));
    Files.writeString(root.resolve("etc/v2ray/config.json"), V2RAY);
    Files.createDirectories(root.resolve("etc/nginx/sites-enabled"));
    Files.writeString(root.resolve("etc/nginx/nginx.conf"), NGINX_CONF);
    Files.writeString(root.resolve("etc/nginx/sites-enabled/v2ray"), site);
    CommandRunner none = c -> new CommandRunner.Output(null, "not installed (" + c.get(0) + ")");
    return Doctor.examine(new HostReader(root, none).live()).stream()
        .filter(f -> f.id().startsWith("nginx-") || f.id().startsWith("v2ray-behind"))
        .toList();
  }

  @Test
  void aLocationWithoutTheHeaderIsNamedWithItsLine() throws Exception {
    List<Finding> f =
        doctor(
            """
            server {
                listen 443 ssl;
                server_name front.example.test;
                location /ray {
                    proxy_redirect off;
                    proxy_pass http://127.0.0.1:10000;
                    proxy_http_version 1.1;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection "upgrade";
                    proxy_set_header Host $host;
                }
            }
            """);
    assertEquals(1, f.size(), f.toString());
    Finding missing = f.get(0);
    assertEquals(FrontProxyCheck.ID_NGINX_NO_XFF, missing.id());
    assertEquals("/etc/nginx/sites-enabled/v2ray:4", missing.where());
    assertTrue(missing.problem().contains("location /ray"), missing.problem());
    assertTrue(
        missing.fix().contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"),
        missing.fix());
  }

  @Test
  void theHeaderInTheLocationIsFound() throws Exception {
    List<Finding> f =
        doctor(
            """
            server {
                location /ray {
                    proxy_pass http://127.0.0.1:10000;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                }
            }
            """);
    assertEquals(1, f.size(), f.toString());
    assertEquals(FrontProxyCheck.ID_NGINX_XFF, f.get(0).id());
    assertEquals(Severity.INFO, f.get(0).severity());
    assertEquals("/etc/nginx/sites-enabled/v2ray:5", f.get(0).where());
  }

  @Test
  void aServerLevelHeaderIsHiddenByTheLocationsOwn() throws Exception {
    String server =
        """
        server {
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            location /ray {
                proxy_pass http://127.0.0.1:10000;
        %s    }
        }
        """;
    List<Finding> inherited = doctor(server.formatted(""));
    assertEquals(FrontProxyCheck.ID_NGINX_XFF, inherited.get(0).id(), inherited.toString());
    assertEquals("/etc/nginx/sites-enabled/v2ray:2", inherited.get(0).where());
    List<Finding> hidden =
        doctor(server.formatted("        proxy_set_header Upgrade $http_upgrade;\n"));
    assertEquals(FrontProxyCheck.ID_NGINX_NO_XFF, hidden.get(0).id(), hidden.toString());
    assertTrue(hidden.get(0).why().contains("hide"), hidden.get(0).why());
  }

  @Test
  void withoutALocationForThePortTheGeneralAdviceStays() throws Exception {
    List<Finding> f = doctor("server { location / { proxy_pass http://127.0.0.1:8080; } }\n");
    assertEquals(1, f.size(), f.toString());
    assertEquals(FrontProxyCheck.ID_BEHIND, f.get(0).id());
  }
}
