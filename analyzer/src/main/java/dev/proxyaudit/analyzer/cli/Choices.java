package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.report.OutputFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * Options whose value is one of an enum's constants, written as the help writes them ({@code
 * user|client}); a wrong one is named with the valid ones, in lower case, not as {@code [USER,
 * CLIENT]}.
 */
final class Choices<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
  private final List<E> valid;

  private Choices(Class<E> type, Predicate<E> allowed) {
    this.valid = Stream.of(type.getEnumConstants()).filter(allowed).toList();
  }

  /** Registers the converters of every enum option of {@code audit}. */
  static void register(CommandLine cl) {
    cl.registerConverter(GroupBy.class, new Choices<>(GroupBy.class, e -> true));
    cl.registerConverter(OutputFormat.class, new Choices<>(OutputFormat.class, e -> true));
    cl.registerConverter(
        TextOrJsonOption.Format.class, new Choices<>(TextOrJsonOption.Format.class, e -> true));
    // --service names a proxy: the kernel's log is not one
    cl.registerConverter(Service.class, new Choices<>(Service.class, Service::isProxy));
  }

  @Override
  public E convert(String value) {
    for (E e : valid) {
      if (name(e).equalsIgnoreCase(value)) {
        return e;
      }
    }
    List<String> names = valid.stream().map(Choices::name).toList();
    String last = names.get(names.size() - 1);
    String choices =
        names.size() == 1
            ? last
            : String.join(", ", names.subList(0, names.size() - 1)) + " or " + last;
    throw new CommandLine.TypeConversionException("unknown '" + value + "' (" + choices + ")");
  }

  /** What bash completion offers for {@code --service}: the proxies, as they are typed. */
  static final class ProxyServices implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Stream.of(Service.values()).filter(Service::isProxy).map(Service::id).iterator();
    }
  }

  private static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-'); // SING_BOX: sing-box
  }
}
