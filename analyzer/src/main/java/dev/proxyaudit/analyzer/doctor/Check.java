package dev.proxyaudit.analyzer.doctor;

import java.util.List;

/** One kind of problem, looked for in what was read from the host. */
interface Check {
  List<Finding> check(HostState host);
}
