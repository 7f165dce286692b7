package dev.proxyaudit.analyzer.event;

/**
 * What a netfilter log line adds beyond addresses.
 *
 * @param prefix the rule's log prefix, trailing blanks removed (may be empty)
 * @param inInterface {@code IN=}; empty for locally generated packets
 * @param outInterface {@code OUT=}; empty for packets to this host
 * @param uid {@code UID=} of the local socket, null when not logged
 * @param gid {@code GID=}, null when not logged
 * @param mark {@code MARK=}, null when absent
 * @param syn true when the TCP SYN flag is set (a connection attempt)
 */
public record PacketInfo(
    String prefix,
    String inInterface,
    String outInterface,
    Integer uid,
    Integer gid,
    Long mark,
    boolean syn) {

  /** The netfilter hook the line most likely came from, from the interfaces. */
  public Hook direction() {
    boolean in = inInterface != null && !inInterface.isEmpty();
    boolean out = outInterface != null && !outInterface.isEmpty();
    return in && out ? Hook.FORWARD : in ? Hook.INPUT : Hook.OUTPUT;
  }
}
