package dev.proxyaudit.analyzer.fleet;

import java.io.IOException;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.lucene.index.DirectoryReader;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

/**
 * OpenSearch's own bulk rate for the documents {@code ship} would send: the same requests, built
 * beforehand, sent one after another into a scratch index with the same mappings, only the requests
 * timed. What {@code ship} reaches beside it is the tool's own share. The scratch index is deleted
 * after.
 */
public final class BulkCeiling {
  static final String SCRATCH = "proxy-audit-bench-ceiling";

  private BulkCeiling() {}

  /** Events per second the cluster indexed; every event of {@code reader} is sent once. */
  public static double eventsPerSecond(DirectoryReader reader, Cluster cluster)
      throws IOException, Cluster.ClusterConfigException {
    try (RestClient rest = cluster.client()) {
      String template = Shipper.templateText();
      var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      var body = mapper.createObjectNode();
      body.set("settings", mapper.readTree(template).path("template").path("settings"));
      body.set("mappings", mapper.readTree(template).path("template").path("mappings"));
      Request create = new Request("PUT", "/" + SCRATCH);
      create.setEntity(new NStringEntity(body.toString(), ContentType.APPLICATION_JSON));
      rest.performRequest(create);
      long[] nanos = {0};
      long n;
      try {
        n =
            EventDocuments.read(
                reader,
                -1,
                "ceiling",
                new LineStatuses.Span(),
                slice -> {
                  Request bulk = BulkBody.of(slice, SCRATCH);
                  long t = System.nanoTime();
                  var resp = rest.performRequest(bulk);
                  nanos[0] += System.nanoTime() - t;
                  if (!BulkBody.refusals(resp.getEntity().getContent()).isEmpty()) {
                    throw new IOException("the cluster refused documents of the ceiling's bulk");
                  }
                });
      } finally {
        rest.performRequest(new Request("DELETE", "/" + SCRATCH));
      }
      return n / (nanos[0] / 1e9);
    }
  }
}
