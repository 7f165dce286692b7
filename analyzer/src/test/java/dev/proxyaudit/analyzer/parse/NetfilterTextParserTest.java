package dev.proxyaudit.analyzer.parse;

import dev.proxyaudit.analyzer.report.EventText;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Kernel LOG lines (iptables, ip6tables, nftables {@code log}) in every wrapper, and ulogd2 LOGEMU
 * lines (docs/formats.md 4.1-4.4). "captured" = the lab run of sample-logs/README.md (kernel 6.18,
 * iptables-nft 1.8.9, nftables 1.0.6, rsyslog 8.2302, journald 252, util-linux 2.38 dmesg, ulogd
 * 2.0.8; written in Europe/Berlin, so zone-less stamps read as UTC here and RFC 3339 / short-iso
 * ones convert); issue numbers = lines quoted in public reports; "from code" = assembled from
 * {@code net/netfilter/nf_log_syslog.c} for variants no report showed.
 */
class NetfilterTextParserTest {
  /** Boot time of the lab VM: kern.log stamps uptime 1205.642958 at 05:53:09.475566+01:00. */
  static final Instant BOOT = Instant.parse("2026-11-28T04:33:03.832608Z");

  private static String withBoot(String line) {
    return EventText.of(new LineClassifier(Lines.context(BOOT)).classify(line, 1, 0), Lines.UTC);
  }

  /** Classifies the lines one after another in one file and returns the last one's text. */
  private static String lastOfFile(String lines) {
    LineClassifier c = new LineClassifier(Lines.context());
    ParseResult r = null;
    long n = 1;
    for (String line : lines.split("\n")) {
      r = c.classify(line, n++, 0);
    }
    return EventText.of(r, Lines.UTC);
  }

  /** One packet (ss-server's SYN to port 587, UID 999) in every wrapper the lab wrote. */
  @TestFactory
  List<DynamicTest> kernelWrappers() {
    return new Lines.Table()
        .row(
            "kernel 6.18 captured, rsyslog imklog RSYSLOG_FileFormat (kern.log): offset converts",
            "2026-11-28T05:53:11.955700+01:00 pa-vps kernel: [ 1208.126145] PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 UID=999 GID=995 ",
            "netfilter.log 2026-11-28T04:53:11Z uptime=1208.126145 logged tcp src=203.0.113.1:44748"
                + " dst=203.0.113.27:587 prefix=PA-SMTP-OUT: output uid=999 gid=995 syn")
        .row(
            "corrupt: signed UID/GID and MARK are not ids (found by FuzzClassifyTest)",
            "Nov 28 05:53:11 pa-vps kernel: PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 UID=-1534 GID=+995 MARK=-1f ",
            "netfilter.log 2026-11-28T05:53:11Z logged tcp src=203.0.113.1:44748"
                + " dst=203.0.113.27:587 prefix=PA-SMTP-OUT: output syn")
        .row(
            "kernel 6.18 captured, RSYSLOG_TraditionalFileFormat (kern.log.traditional)",
            "Nov 28 05:53:11 pa-vps kernel: [ 1208.126145] PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 UID=999 GID=995 ",
            "netfilter.log 2026-11-28T05:53:11Z uptime=1208.126145 logged tcp src=203.0.113.1:44748"
                + " dst=203.0.113.27:587 prefix=PA-SMTP-OUT: output uid=999 gid=995 syn")
        .row(
            "kernel 6.18 captured, journald 252 journalctl -k -o short (journalctl-k.txt): no uptime",
            "Nov 28 05:53:11 pa-vps kernel: PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 UID=999 GID=995 ",
            "netfilter.log 2026-11-28T05:53:11Z logged tcp src=203.0.113.1:44748"
                + " dst=203.0.113.27:587 prefix=PA-SMTP-OUT: output uid=999 gid=995 syn")
        .row(
            "kernel 6.18 captured, journalctl -k -o short-iso (+0100 without colon)",
            "2026-11-28T05:53:11+0100 pa-vps kernel: PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 UID=999 GID=995 ",
            "netfilter.log 2026-11-28T04:53:11Z logged tcp src=203.0.113.1:44748"
                + " dst=203.0.113.27:587 prefix=PA-SMTP-OUT: output uid=999 gid=995 syn")
        .row(
            "OpenWrt logread: the lab's captured LOG text in logread's kernel wrapper (ctime with"
                + " the year, kern.warn, no host, the uptime: shape of x-wrt/x-wrt issue 184)",
            "Sat Nov 28 05:53:11 2026 kern.warn kernel: [ 1208.126145] PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 UID=999 GID=995 ",
            "netfilter.log 2026-11-28T05:53:11Z uptime=1208.126145 logged tcp src=203.0.113.1:44748"
                + " dst=203.0.113.27:587 prefix=PA-SMTP-OUT: output uid=999 gid=995 syn")
        .row(
            "OpenWrt logread, real kernel line that is no packet (x-wrt/x-wrt issue 184): skipped",
            "Fri Sep 17 15:34:09 2021 kern.warn kernel: [1009460.430080] warning: do not keep alive: ct no found",
            "SKIP not a connection line (kernel)")
        .row(
            "kernel 6.18 captured, dmesg (dmesg.txt): uptime only, boot time unknown",
            "[ 1208.126145] PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 UID=999 GID=995 ",
            "netfilter.log - uptime=1208.126145 logged tcp src=203.0.113.1:44748"
                + " dst=203.0.113.27:587 prefix=PA-SMTP-OUT: output uid=999 gid=995 syn")
        .row(
            "kernel 6.18 captured, dmesg -T (dmesg-T.txt): ~1.5 s behind kern.log, read as local",
            "[Sat Nov 28 05:53:11 2026] PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 UID=999 GID=995 ",
            "netfilter.log 2026-11-28T05:53:11Z logged tcp src=203.0.113.1:44748"
                + " dst=203.0.113.27:587 prefix=PA-SMTP-OUT: output uid=999 gid=995 syn")
        .row(
            "kernel 6.18 captured, util-linux 2.38.1 dmesg --time-format iso (TZ=Europe/Berlin)",
            "2026-12-02T06:17:37,747726+01:00 PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.25 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=8483 DF PROTO=TCP SPT=33534 DPT=25 WINDOW=64240 RES=0x00 SYN URGP=0 UID=65534 GID=65534 ",
            "netfilter.log 2026-12-02T05:17:37Z logged tcp src=203.0.113.1:33534"
                + " dst=203.0.113.25:25 prefix=PA-SMTP-OUT: output uid=65534 gid=65534 syn")
        .row(
            "kernel 6.18 captured, util-linux 2.38.1 dmesg --time-format iso, ip6tables (UTC)",
            "2026-12-02T05:58:31,242518+00:00 PA-SMTP-OUT: IN= OUT=lo SRC=2001:0db8:0000:0000:0000:0000:0000:0001 DST=2001:0db8:0000:0000:0000:0000:0000:0001 LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=1033032 PROTO=TCP SPT=38060 DPT=25 WINDOW=65476 RES=0x00 SYN URGP=0 UID=0 GID=0 ",
            "netfilter.log 2026-12-02T05:58:31Z logged tcp src=[2001:db8::1]:38060"
                + " dst=[2001:db8::1]:25 prefix=PA-SMTP-OUT: output uid=0 gid=0 syn")
        .row(
            "nft 1.0.6 captured (kern.log): native 'log prefix \"nft-587:\" flags skuid', glued to IN=",
            "2026-11-28T05:53:11.955706+01:00 pa-vps kernel: [ 1208.126150] nft-587:IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 UID=999 GID=995 ",
            "netfilter.log 2026-11-28T04:53:11Z uptime=1208.126150 logged tcp src=203.0.113.1:44748"
                + " dst=203.0.113.27:587 prefix=nft-587: output uid=999 gid=995 syn")
        .row(
            "nft 1.0.6 captured (journalctl-k.txt): glued prefix without uptime",
            "Nov 28 05:53:11 pa-vps kernel: nft-587:IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 UID=999 GID=995 ",
            "netfilter.log 2026-11-28T05:53:11Z logged tcp src=203.0.113.1:44748"
                + " dst=203.0.113.27:587 prefix=nft-587: output uid=999 gid=995 syn")
        .row(
            "nft 1.0.6 captured (dmesg-T.txt): glued prefix after the ctime stamp",
            "[Sat Nov 28 05:53:11 2026] nft-587:IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 UID=999 GID=995 ",
            "netfilter.log 2026-11-28T05:53:11Z logged tcp src=203.0.113.1:44748"
                + " dst=203.0.113.27:587 prefix=nft-587: output uid=999 gid=995 syn")
        .row(
            "ip6tables captured (kern.log): uncompressed IPv6 is canonicalised",
            "2026-11-28T05:53:12.447519+01:00 pa-vps kernel: [ 1208.617061] PA6-SMTP-OUT: IN= OUT=pa-p1 SRC=2001:0db8:0203:0000:0000:0000:0000:0001 DST=2001:0db8:0203:0000:0000:0000:0000:0025 LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=834833 PROTO=TCP SPT=34528 DPT=25 WINDOW=64800 RES=0x00 SYN URGP=0 UID=999 GID=995 ",
            "netfilter.log 2026-11-28T04:53:12Z uptime=1208.617061 logged tcp"
                + " src=[2001:db8:203::1]:34528 dst=[2001:db8:203::25]:25 prefix=PA6-SMTP-OUT:"
                + " output uid=999 gid=995 syn")
        .row(
            "ip6tables captured (journalctl-k-short-iso.txt)",
            "2026-11-28T05:53:12+0100 pa-vps kernel: PA6-SMTP-OUT: IN= OUT=pa-p1 SRC=2001:0db8:0203:0000:0000:0000:0000:0001 DST=2001:0db8:0203:0000:0000:0000:0000:0025 LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=834833 PROTO=TCP SPT=34528 DPT=25 WINDOW=64800 RES=0x00 SYN URGP=0 UID=999 GID=995 ",
            "netfilter.log 2026-11-28T04:53:12Z logged tcp src=[2001:db8:203::1]:34528"
                + " dst=[2001:db8:203::25]:25 prefix=PA6-SMTP-OUT: output uid=999 gid=995 syn")
        .row(
            "iptables captured (kern.log): INPUT SYN with MAC=, no UID",
            "2026-11-28T05:53:09.475566+01:00 pa-vps kernel: [ 1205.642958] PA-IN-PROXY: IN=pa-p0 OUT= MAC=5a:5b:66:a8:fc:ba:5a:80:c0:c9:fd:28:08:00 SRC=198.51.100.12 DST=198.51.100.1 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=4734 DF PROTO=TCP SPT=56633 DPT=10086 WINDOW=64240 RES=0x00 SYN URGP=0 ",
            "netfilter.log 2026-11-28T04:53:09Z uptime=1205.642958 logged tcp"
                + " src=198.51.100.12:56633 dst=198.51.100.1:10086 prefix=PA-IN-PROXY: input syn")
        .row(
            "iptables captured (kern.log): phase-2 DROP log of v2ray's SYN (UID 65534)",
            "2026-11-28T05:53:15.563563+01:00 pa-vps kernel: [ 1211.730630] PA-SMTP-DROP: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.25 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=63864 DF PROTO=TCP SPT=48522 DPT=25 WINDOW=64240 RES=0x00 SYN URGP=0 UID=65534 GID=65534 ",
            "netfilter.log 2026-11-28T04:53:15Z uptime=1211.730630 logged tcp"
                + " src=203.0.113.1:48522 dst=203.0.113.25:25 prefix=PA-SMTP-DROP: output"
                + " uid=65534 gid=65534 syn")
        .tests();
  }

  /** dmesg's uptime becomes wall-clock time when the boot time is known or learned. */
  @TestFactory
  List<DynamicTest> bootTime() {
    String kernLog =
        "2026-11-28T05:53:09.475566+01:00 pa-vps kernel: [ 1205.642958] PA-IN-PROXY: IN=pa-p0 OUT= MAC=5a:5b:66:a8:fc:ba:5a:80:c0:c9:fd:28:08:00 SRC=198.51.100.12 DST=198.51.100.1 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=4734 DF PROTO=TCP SPT=56633 DPT=10086 WINDOW=64240 RES=0x00 SYN URGP=0 ";
    String dmesg =
        "[ 1208.126145] PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 UID=999 GID=995 ";
    List<DynamicTest> tests =
        new Lines.Table(NetfilterTextParserTest::withBoot)
            .row(
                "kernel 6.18 captured (dmesg.txt) with --boot-time: 1208.126145 s after boot",
                dmesg,
                "netfilter.log 2026-11-28T04:53:11Z uptime=1208.126145 logged tcp"
                    + " src=203.0.113.1:44748 dst=203.0.113.27:587 prefix=PA-SMTP-OUT: output"
                    + " uid=999 gid=995 syn")
            .row(
                "nft captured (dmesg.txt) with --boot-time",
                "[ 1208.126150] nft-587:IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 UID=999 GID=995 ",
                "netfilter.log 2026-11-28T04:53:11Z uptime=1208.126150 logged tcp"
                    + " src=203.0.113.1:44748 dst=203.0.113.27:587 prefix=nft-587: output"
                    + " uid=999 gid=995 syn")
            .row(
                "with --boot-time, a syslog line keeps its own wall clock",
                kernLog,
                "netfilter.log 2026-11-28T04:53:09Z uptime=1205.642958 logged tcp"
                    + " src=198.51.100.12:56633 dst=198.51.100.1:10086 prefix=PA-IN-PROXY: input"
                    + " syn")
            .tests();
    tests.addAll(
        new Lines.Table(NetfilterTextParserTest::lastOfFile)
            .row(
                "captured kern.log line then dmesg line in one file: boot time learned",
                kernLog + "\n" + dmesg,
                "netfilter.log 2026-11-28T04:53:11Z uptime=1208.126145 logged tcp"
                    + " src=203.0.113.1:44748 dst=203.0.113.27:587 prefix=PA-SMTP-OUT: output"
                    + " uid=999 gid=995 syn")
            .tests());
    return tests;
  }

  /** Kernel lines from public reports and prefixes/options the lab did not use. */
  @TestFactory
  List<DynamicTest> kernelVariants() {
    return new Lines.Table()
        .row(
            "firewalld real (firewalld#876): RFC 3339, [uptime][    C0], quoted nft prefix, UDP"
                + " with two LEN=, uncompressed IPv6, no trailing space",
            "2021-11-04T18:33:46.114797+01:00 rpi4tumhon kernel: [17748.074339][    C0] \"filter_IN_public_REJECT: \"IN=eth0 OUT= MAC=33:33:00:00:00:01:98:9b:cb:9d:f4:36:86:dd SRC=fe80:0000:0000:0000:9a9b:cbff:fe9d:f436 DST=ff02:0000:0000:0000:0000:0000:0000:0001 LEN=64 TC=0 HOPLIMIT=255 FLOWLBL=758639 PROTO=UDP SPT=53805 DPT=53805 LEN=24",
            "netfilter.log 2021-11-04T17:33:46Z uptime=17748.074339 logged udp"
                + " src=[fe80::9a9b:cbff:fe9d:f436]:53805 dst=[ff02::1]:53805"
                + " prefix=\"\\\"filter_IN_public_REJECT: \\\"\" input")
        .row(
            "firewalld real (firewalld#1436): journal short, UDP mDNS, host field '<redacted>'",
            "Dec 20 11:01:55 <redacted> kernel: rpfilter_DROP: IN=eth0 OUT= MAC=33:33:00:00:00:fb:6c:b3:11:13:d2:d0:86:dd SRC=fe80:0000:0000:0000:bbb1:96ae:416a:d4b2 DST=ff02:0000:0000:0000:0000:0000:0000:00fb LEN=85 TC=0 HOPLIMIT=1 FLOWLBL=223537 PROTO=UDP SPT=5353 DPT=5353 LEN=45",
            "netfilter.log 2026-12-20T11:01:55Z logged udp src=[fe80::bbb1:96ae:416a:d4b2]:5353"
                + " dst=[ff02::fb]:5353 prefix=rpfilter_DROP: input")
        .row(
            "firewalld real (firewalld#1436): ICMPv6 has no ports, skipped",
            "Dec 20 11:01:41 <redacted> kernel: rpfilter_DROP: IN=eth0 OUT= MAC=33:33:00:00:00:02:34:40:b5:ab:f2:b8:86:dd SRC=fe80:0000:0000:0000:3640:b5ff:feab:f2b8 DST=ff02:0000:0000:0000:0000:0000:0000:0002 LEN=56 TC=0 HOPLIMIT=255 FLOWLBL=148171 PROTO=ICMPv6 TYPE=133 CODE=0",
            "SKIP netfilter packet without ports (PROTO=ICMPv6)")
        .row(
            "fwbuilder real (ossec-hids#1267): padded day, prefix with spaces",
            "Oct  2 06:26:25 example kernel: [593219.016960] RULE 24 -- DROP IN=eth0 OUT= MAC=00:11:22:33:44:55:66:88:99:00:11:22:33:44 SRC=192.168.0.1 DST=192.168.0.2 LEN=40 TOS=0x00 PREC=0x00 TTL=113 ID=59263 PROTO=TCP SPT=15314 DPT=21379 WINDOW=53920 RES=0x00 SYN URGP=0",
            "netfilter.log 2026-10-02T06:26:25Z uptime=593219.016960 logged tcp"
                + " src=192.168.0.1:15314 dst=192.168.0.2:21379 prefix=\"RULE 24 -- DROP\" input"
                + " syn")
        .row(
            "Ubiquiti real (Filebeat iptables fixture, docs/formats.md 4.1): [label]IN=, FORWARD",
            "Jan  5 20:17:01 MainFirewall kernel: [WAN_OUT-2000-A]IN=eth0 OUT=eth2 MAC=90:10:20:76:8d:20:90:10:24:67:f4:89:08:00 SRC=192.168.134.158 DST=192.0.2.25 LEN=265 TOS=0x00 PREC=0x00 TTL=63 ID=51768 DF PROTO=TCP SPT=43189 DPT=443 WINDOW=159 RES=0x00 ACK PSH URGP=0 ",
            "netfilter.log 2026-01-05T20:17:01Z logged tcp src=192.168.134.158:43189"
                + " dst=192.0.2.25:443 prefix=[WAN_OUT-2000-A] forward")
        .row(
            "from code (nf_log_syslog.c): --log-tcp-sequence/options, MARK=0x.. after UID/GID",
            "Nov 28 05:53:09 pa-vps kernel: PA-MARK: IN= OUT=eth0 SRC=203.0.113.1 DST=203.0.113.25 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=40000 DPT=25 SEQ=1 ACK=0 WINDOW=64240 RES=0x00 SYN URGP=0 OPT (020405B40402080A) UID=0 GID=0 MARK=0x1f ",
            "netfilter.log 2026-11-28T05:53:09Z logged tcp src=203.0.113.1:40000"
                + " dst=203.0.113.25:25 prefix=PA-MARK: output uid=0 gid=0 mark=31 syn")
        .row(
            "from code (rsyslog RFC 3164 with PRI, remote syslog): <4>",
            "<4>Nov 28 05:53:09 fw kernel: DROP IN=eth0 OUT= MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 SRC=198.51.100.9 DST=198.51.100.1 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=40000 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0 ",
            "netfilter.log 2026-11-28T05:53:09Z logged tcp src=198.51.100.9:40000"
                + " dst=198.51.100.1:22 prefix=DROP input syn")
        .row(
            "from code: ICMP has no ports, skipped",
            "Nov 28 05:53:09 pa-vps kernel: PA-ICMP: IN=eth0 OUT= MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 SRC=198.51.100.9 DST=198.51.100.1 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=ICMP TYPE=8 CODE=0 ID=5 SEQ=1 ",
            "SKIP netfilter packet without ports (PROTO=ICMP)")
        .row(
            "captured text without any wrapper has no time: malformed",
            "nft-587:IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 UID=999 GID=995 ",
            "MALFORMED netfilter line without a time (no syslog or dmesg prefix)")
        .row(
            "truncated inside DPT= ('DPT=2' of 'DPT=25'): malformed, not port 2",
            "Nov 28 05:53:11 pa-vps kernel: PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=2",
            "MALFORMED netfilter TCP line cut short")
        .row(
            "truncated before URGP=",
            "Nov 28 05:53:11 pa-vps kernel: PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SY",
            "MALFORMED netfilter TCP line cut short")
        .row(
            "UDP truncated before the second LEN=",
            "Dec 20 11:01:55 <redacted> kernel: rpfilter_DROP: IN=eth0 OUT= MAC=33:33:00:00:00:fb:6c:b3:11:13:d2:d0:86:dd SRC=fe80:0000:0000:0000:bbb1:96ae:416a:d4b2 DST=ff02:0000:0000:0000:0000:0000:0000:00fb LEN=85 TC=0 HOPLIMIT=1 FLOWLBL=223537 PROTO=UDP SPT=5353 DPT=53",
            "MALFORMED netfilter UDP line cut short")
        .row(
            "truncated inside SPT=",
            "Nov 28 05:53:11 pa-vps kernel: PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=4474",
            "MALFORMED netfilter TCP line without SPT=/DPT=")
        .row(
            "truncated inside PROTO=",
            "Nov 28 05:53:11 pa-vps kernel: PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PRO",
            "MALFORMED netfilter line without PROTO= (truncated?)")
        .row(
            "truncated inside DST=",
            "Nov 28 05:53:11 pa-vps kernel: PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.",
            "MALFORMED netfilter SRC=/DST= is not an IP address")
        .row(
            "DPT=99999",
            "Nov 28 05:53:11 pa-vps kernel: PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=99999 WINDOW=64240 RES=0x00 SYN URGP=0 ",
            "MALFORMED netfilter TCP line without SPT=/DPT=")
        .row(
            "garbage glued to DPT=",
            "Nov 28 05:53:11 pa-vps kernel: PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.27 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587x WINDOW=64240 RES=0x00 SYN URGP=0 ",
            "MALFORMED netfilter TCP line without SPT=/DPT=")
        .row(
            "DST=203.0.113.999",
            "Nov 28 05:53:11 pa-vps kernel: PA-SMTP-OUT: IN= OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.999 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=62673 DF PROTO=TCP SPT=44748 DPT=587 WINDOW=64240 RES=0x00 SYN URGP=0 ",
            "MALFORMED netfilter SRC=/DST= is not an IP address")
        .tests();
  }

  /** ulogd2 LOGEMU: {@code Mmm dd HH:MM:SS host PREFIX IN=...}, no {@code kernel:} tag. */
  @TestFactory
  List<DynamicTest> ulogdLogemuLines() {
    return new Lines.Table()
        .row(
            "ulogd 2.0.8 captured (ulogd_syslogemu.log): OUTPUT SYN, UID 999, MARK=0x0, TOS=00",
            "Nov 28 05:53:10 pa-vps PA-NFLOG-SMTP IN= OUT=pa-p1 MAC= SRC=203.0.113.1 DST=203.0.113.25 LEN=60 TOS=00 PREC=0x00 TTL=64 ID=47997 DF PROTO=TCP SPT=59234 DPT=25 SEQ=4137652630 ACK=0 WINDOW=64240 SYN URGP=0 UID=999 GID=995 MARK=0x0 ",
            "ulogd.logemu 2026-11-28T05:53:10Z logged tcp src=203.0.113.1:59234"
                + " dst=203.0.113.25:25 prefix=PA-NFLOG-SMTP output uid=999 gid=995 mark=0 syn")
        .row(
            "ulogd 2.0.8 captured: INPUT with MAC=, IPv6 already compressed by IP2STR",
            "Nov 28 05:53:10 pa-vps PA6-NFLOG-IN IN=pa-p0 OUT= MAC=5a:5b:66:a8:fc:ba:5a:80:c0:c9:fd:28:86:dd SRC=2001:db8:100::11 DST=2001:db8:100::1 LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=243189 PROTO=TCP SPT=58793 DPT=10086 SEQ=2004595437 ACK=0 WINDOW=64800 SYN URGP=0 MARK=0x0 ",
            "ulogd.logemu 2026-11-28T05:53:10Z logged tcp src=[2001:db8:100::11]:58793"
                + " dst=[2001:db8:100::1]:10086 prefix=PA6-NFLOG-IN input mark=0 syn")
        .row(
            "ulogd 2.0.8 captured: IPv4 INPUT",
            "Nov 28 05:53:09 pa-vps PA-NFLOG-IN IN=pa-p0 OUT= MAC=5a:5b:66:a8:fc:ba:5a:80:c0:c9:fd:28:08:00 SRC=198.51.100.12 DST=198.51.100.1 LEN=60 TOS=00 PREC=0x00 TTL=64 ID=4734 DF PROTO=TCP SPT=56633 DPT=10086 SEQ=4026530741 ACK=0 WINDOW=64240 SYN URGP=0 MARK=0x0 ",
            "ulogd.logemu 2026-11-28T05:53:09Z logged tcp src=198.51.100.12:56633"
                + " dst=198.51.100.1:10086 prefix=PA-NFLOG-IN input mark=0 syn")
        .row(
            "ulogd 2.0.5 real (netdata#2047): UDP broadcast, odd MAC=, MARK=0 without 0x",
            "Apr  2 19:54:54 box IN-work: IN=realize OUT= MAC=45:00:00:4e SRC=192.168.9.10 DST=255.255.255.255 LEN=78 TOS=00 PREC=0x00 TTL=128 ID=31586 PROTO=UDP SPT=137 DPT=137 LEN=58 MARK=0 ",
            "ulogd.logemu 2026-04-02T19:54:54Z logged udp src=192.168.9.10:137"
                + " dst=255.255.255.255:137 prefix=IN-work: input mark=0")
        .row(
            "truncated inside ACK=",
            "Nov 28 05:53:10 pa-vps PA-NFLOG-SMTP IN= OUT=pa-p1 MAC= SRC=203.0.113.1 DST=203.0.113.25 LEN=60 TOS=00 PREC=0x00 TTL=64 ID=47997 DF PROTO=TCP SPT=59234 DPT=25 SEQ=4137652630 AC",
            "MALFORMED netfilter TCP line cut short")
        .row(
            "DPT=99999",
            "Nov 28 05:53:10 pa-vps PA-NFLOG-SMTP IN= OUT=pa-p1 MAC= SRC=203.0.113.1 DST=203.0.113.25 LEN=60 TOS=00 PREC=0x00 TTL=64 ID=47997 DF PROTO=TCP SPT=59234 DPT=99999 SEQ=4137652630 ACK=0 WINDOW=64240 SYN URGP=0 UID=999 GID=995 MARK=0x0 ",
            "MALFORMED netfilter TCP line without SPT=/DPT=")
        .tests();
  }
}
