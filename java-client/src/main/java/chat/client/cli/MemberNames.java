package chat.client.cli;

import java.security.SecureRandom;
import java.util.List;

/** Readable random member names; the rule every name follows is the wire's ({@link chat.wire.MemberName}). */
final class MemberNames {

  private static final List<String> ADJECTIVES = List.of("amber", "brave", "calm", "daring", "eager", "fuzzy",
      "gentle", "happy", "icy", "jolly", "keen", "lucky", "mellow", "nimble", "olive", "proud", "quiet", "rapid",
      "sunny", "tidy", "umber", "vivid", "witty", "young", "zesty");
  private static final List<String> ANIMALS = List.of("otter", "badger", "falcon", "heron", "lynx", "marten",
      "newt", "owl", "panda", "quail", "raven", "seal", "tapir", "urchin", "vole", "wren", "yak", "zebra", "fox",
      "gecko", "ibis", "koala", "lemur", "moose", "puffin");

  private MemberNames() {}

  static String random(SecureRandom random) {
    return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-" + ANIMALS.get(random.nextInt(ANIMALS.size()))
        + "-" + (10 + random.nextInt(90));
  }
}
