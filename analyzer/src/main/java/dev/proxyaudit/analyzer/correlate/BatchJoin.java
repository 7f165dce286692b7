package dev.proxyaudit.analyzer.correlate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins the attempts of one batch to free proxy lines, each line to at most one attempt, with the
 * least total cost: the attempts that compete for the same lines form a group, and each group is
 * solved as one assignment ({@link MinCostMatching}). An attempt left without a line costs more
 * than any join, so as many attempts as possible get one. Groups larger than {@link #MAX_EXACT}
 * attempts, and batches where an attempt has more than {@link #MAX_CANDIDATES} candidate lines (a
 * spam run to host names: every line of the window is one), are joined attempt by attempt in time
 * order instead, each to its cheapest free line: bounded time whatever the incident's size.
 */
final class BatchJoin {
  static final int MAX_EXACT = 64;
  static final int MAX_CANDIDATES = 48;

  /** The cost of an attempt tied to no line: more than any group's joins can differ by. */
  static final long UNMATCHED = 100_000_000;

  /** A line an attempt may be tied to, how, and how unlikely that is. */
  record Edge(PendingLine line, JoinKind kind, long cost) {}

  /** The free lines an attempt may be tied to, at most {@code limit + 1} of them, in time order. */
  interface Candidates {
    List<Edge> of(Attempt a, int limit);
  }

  private BatchJoin() {}

  /**
   * The line of each attempt (in order, null for none), and whether the whole batch was solved as
   * assignments (false: attempt by attempt).
   */
  record Result(Edge[] chosen, boolean exact) {}

  static Result solve(List<Attempt> attempts, Candidates candidates) {
    List<List<Edge>> edges = new ArrayList<>(attempts.size());
    for (Attempt a : attempts) {
      List<Edge> e = candidates.of(a, MAX_CANDIDATES);
      if (e.size() > MAX_CANDIDATES) {
        return new Result(greedy(attempts, null, candidates), false);
      }
      edges.add(e);
    }
    boolean exact = true;
    Edge[] chosen = new Edge[attempts.size()];
    for (int[] group : groups(edges)) {
      if (group.length > MAX_EXACT) {
        exact = false;
        List<Attempt> some = new ArrayList<>(group.length);
        List<List<Edge>> theirs = new ArrayList<>(group.length);
        for (int i : group) {
          some.add(attempts.get(i));
          theirs.add(edges.get(i));
        }
        Edge[] g = greedy(some, theirs, candidates);
        for (int i = 0; i < group.length; i++) {
          chosen[group[i]] = g[i];
        }
      } else {
        exact(group, edges, chosen);
      }
    }
    return new Result(chosen, exact);
  }

  /** Attempt indexes that share candidate lines, directly or through others (union-find). */
  private static List<int[]> groups(List<List<Edge>> edges) {
    int n = edges.size();
    int[] parent = new int[n];
    Arrays.setAll(parent, i -> i);
    Map<PendingLine, Integer> firstTaker = new IdentityHashMap<>();
    for (int i = 0; i < n; i++) {
      for (Edge e : edges.get(i)) {
        Integer j = firstTaker.putIfAbsent(e.line(), i);
        if (j != null) {
          parent[root(parent, i)] = root(parent, j);
        }
      }
    }
    Map<Integer, List<Integer>> byRoot = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      byRoot.computeIfAbsent(root(parent, i), r -> new ArrayList<>()).add(i);
    }
    List<int[]> out = new ArrayList<>(byRoot.size());
    byRoot.values().forEach(g -> out.add(g.stream().mapToInt(Integer::intValue).toArray()));
    return out;
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void exact(int[] group, List<List<Edge>> edges, Edge[] chosen) {
    Map<PendingLine, Integer> column = new IdentityHashMap<>();
    for (int i : group) {
      for (Edge e : edges.get(i)) {
        column.putIfAbsent(e.line(), column.size());
      }
    }
    int lines = column.size();
    long[][] cost = new long[group.length][lines + group.length];
    Edge[][] edgeAt = new Edge[group.length][lines];
    for (int r = 0; r < group.length; r++) {
      Arrays.fill(cost[r], 0, lines, MinCostMatching.FORBIDDEN);
      Arrays.fill(cost[r], lines, lines + group.length, UNMATCHED);
      for (Edge e : edges.get(group[r])) {
        int c = column.get(e.line());
        if (e.cost() < cost[r][c]) {
          cost[r][c] = e.cost();
          edgeAt[r][c] = e;
        }
      }
    }
    int[] col = MinCostMatching.solve(cost);
    uncross(col, cost, edgeAt, lines);
    for (int r = 0; r < group.length; r++) {
      chosen[group[r]] = col[r] < lines ? edgeAt[r][col[r]] : null;
    }
  }

  /**
   * Of equally cheap assignments, takes the one that keeps attempts (rows, in the order the kernel
   * logged them) and lines in the same order: a proxy logs requests in the order it dispatches
   * them, so two packets of one millisecond for two lines of one second go in order.
   */
  private static void uncross(int[] col, long[][] cost, Edge[][] edgeAt, int lines) {
    boolean swapped = true;
    for (int pass = 0; swapped && pass < col.length; pass++) {
      swapped = false;
      for (int i = 0; i < col.length; i++) {
        for (int j = i + 1; j < col.length; j++) {
          int a = col[i];
          int b = col[j];
          if (a < lines
              && b < lines
              && edgeAt[i][a].line().seq > edgeAt[j][b].line().seq
              && edgeAt[i][b] != null
              && edgeAt[j][a] != null
              && cost[i][b] + cost[j][a] <= cost[i][a] + cost[j][b]) {
            col[i] = b;
            col[j] = a;
            swapped = true;
          }
        }
      }
    }
  }

  /**
   * Each attempt in turn to its cheapest line not taken yet (ties: the earlier line); {@code edges}
   * null: asked of {@code candidates} in full.
   */
  private static Edge[] greedy(
      List<Attempt> attempts, List<List<Edge>> edges, Candidates candidates) {
    Set<PendingLine> taken = Collections.newSetFromMap(new IdentityHashMap<>());
    Edge[] chosen = new Edge[attempts.size()];
    for (int i = 0; i < attempts.size(); i++) {
      List<Edge> mine =
          edges != null ? edges.get(i) : candidates.of(attempts.get(i), Integer.MAX_VALUE - 1);
      Edge best = null;
      for (Edge e : mine) {
        if (!taken.contains(e.line()) && (best == null || e.cost() < best.cost())) {
          best = e;
        }
      }
      if (best != null) {
        taken.add(best.line());
        chosen[i] = best;
      }
    }
    return chosen;
  }
}
