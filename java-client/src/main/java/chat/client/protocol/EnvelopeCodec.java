package chat.client.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON encoding of envelopes and of the content inside tokens. Decoding checks size, version,
 * type and every field before building a record, so nothing half-parsed reaches the session.
 */
public final class EnvelopeCodec {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KEY_CHARS = 4096;
  private static final int SIGNATURE_CHARS = 200;
  /** A hybrid delivery (RSA ciphertext, ML-KEM's 1,088 bytes, nonce, sealed key) is about 2,100 characters at RSA-3072. */
  private static final int WRAPPED_KEY_CHARS = 4096;

  public byte[] encode(Envelope envelope) {
    ObjectNode node = JSON.createObjectNode();
    node.put("v", Envelope.VERSION);
    node.put("type", envelope.type().wireName());
    node.put("room", envelope.room());
    if (envelope instanceof Envelope.Announce a) {
      node.put("member", a.member()).put("publicKey", a.publicKey().text()).put("identityKey", a.identityKey().text());
      if (a.invitationId() != null) {
        node.put("invitationId", a.invitationId()).put("proof", a.proof());
      }
      if (a.head() != null) {
        node.put("head", a.head());
      }
      node.put("signature", a.signature().text());
    } else if (envelope instanceof Envelope.Record r) {
      node.put("epoch", r.epoch());
      if (r.previous() != null) {
        node.put("previous", r.previous());
      }
      Envelope.Charter c = r.charter();
      node.putObject("charter").put("room", c.room()).put("policy", c.policy()).put("creator", c.creator())
          .put("creatorIdentity", c.creatorIdentity().text()).put("protection", c.protection())
          .put("signature", c.signature().text());
      ArrayNode members = node.putArray("members");
      r.members().forEach(m -> members.addObject().put("name", m.name()).put("identityKey", m.identityKey().text())
          .put("keyFingerprint", m.keyFingerprint()));
      r.removed().forEach(node.putArray("removed")::add);
      node.put("change", r.change());
      r.subjects().forEach(node.putArray("subjects")::add);
      node.put("keyCommitment", r.keyCommitment()).put("author", r.author()).put("signature", r.signature().text());
    } else if (envelope instanceof Envelope.KeyDelivery k) {
      node.put("from", k.from()).put("epoch", k.epoch()).put("record", k.record());
      ArrayNode wraps = node.putArray("wraps");
      k.wraps().forEach(w -> wraps.addObject().put("to", w.to()).put("wrappedKey", w.wrappedKey().text()));
      ArrayNode keys = node.putArray("publicKeys");
      k.publicKeys().forEach(m -> keys.addObject().put("name", m.name()).put("publicKey", m.publicKey().text()));
      if (k.carried() != null) {
        node.put("carried", k.carried());
      }
    } else if (envelope instanceof Envelope.Chat c) {
      node.put("epoch", c.epoch()).put("token", c.token());
    } else if (envelope instanceof Envelope.Direct d) {
      node.put("to", d.to()).put("wrappedKey", d.wrappedKey().text()).put("token", d.token());
    }
    return bytes(node);
  }

  public Envelope decode(byte[] body) throws ProtocolException {
    if (body.length > Envelope.MAX_ENVELOPE_BYTES) {
      throw new ProtocolException("envelope larger than " + Envelope.MAX_ENVELOPE_BYTES + " bytes");
    }
    JsonNode node = tree(body);
    int version = node.path("v").asInt(-1);
    if (version != Envelope.VERSION) {
      throw new ProtocolException(version == 2 || version == 1
          ? "a protocol " + version + " envelope (an older client): this client speaks protocol " + Envelope.VERSION
              + " only, and never falls back to an older one"
          : "unsupported envelope version");
    }
    EnvelopeType type = EnvelopeType.fromWire(node.path("type").asText(""))
        .orElseThrow(() -> new ProtocolException("unknown envelope type"));
    String room = text(node, "room", 64);
    return switch (type) {
      case ANNOUNCE -> {
        String invitationId = optionalText(node, "invitationId", 64);
        yield new Envelope.Announce(room, text(node, "member", Envelope.MAX_NAME_CHARS),
            memberKey(node, "publicKey"), identityKey(node, "identityKey"), invitationId,
            invitationId == null ? null : text(node, "proof", 128), optionalText(node, "head", 64),
            signature(node));
      }
      case RECORD -> new Envelope.Record(room, number(node, "epoch"), optionalText(node, "previous", 64),
          charter(node.path("charter")), recordMembers(node.path("members")), names(node, "removed"),
          text(node, "change", 16), names(node, "subjects"), text(node, "keyCommitment", 64),
          text(node, "author", Envelope.MAX_NAME_CHARS), signature(node));
      case KEY -> new Envelope.KeyDelivery(room, text(node, "from", Envelope.MAX_NAME_CHARS), number(node, "epoch"),
          text(node, "record", 64), wraps(node.path("wraps")), memberKeys(node.path("publicKeys")),
          optionalText(node, "carried", 512));
      case CHAT -> new Envelope.Chat(room, number(node, "epoch"), text(node, "token", Envelope.MAX_ENVELOPE_BYTES));
      case DIRECT -> new Envelope.Direct(room, text(node, "to", Envelope.MAX_NAME_CHARS), wrappedKey(node),
          text(node, "token", Envelope.MAX_ENVELOPE_BYTES));
    };
  }

  public byte[] encodeContent(ChatContent c) {
    ObjectNode node = JSON.createObjectNode();
    node.put("v", c.version()).put("room", c.room()).put("epoch", c.epoch()).put("author", c.author())
        .put("id", c.id()).put("counter", c.counter()).put("sentAt", c.sentAtMillis()).put("kind", c.kind());
    if (c.target() != null) {
      node.put("target", c.target());
    }
    node.put("text", c.text()).put("sha256", c.sha256()).put("signature", c.signature().text());
    return bytes(node);
  }

  public ChatContent decodeContent(byte[] plaintext) throws ProtocolException {
    JsonNode node = tree(plaintext);
    if (node.path("v").asInt(-1) != Envelope.VERSION) {
      throw new ProtocolException("malformed chat content");
    }
    String kind = text(node, "kind", 16);
    if (!ChatContent.KINDS.contains(kind)) {
      throw new ProtocolException("unknown message kind");
    }
    return new ChatContent(Envelope.VERSION, text(node, "room", 64), number(node, "epoch"),
        text(node, "author", Envelope.MAX_NAME_CHARS), text(node, "id", 64), number(node, "counter"),
        number(node, "sentAt"), kind, optionalText(node, "target", Envelope.MAX_NAME_CHARS),
        node.path("text").isTextual() ? node.path("text").asText() : "", text(node, "sha256", 64),
        signature(node));
  }

  private static Envelope.Charter charter(JsonNode node) throws ProtocolException {
    if (!node.isObject()) {
      throw new ProtocolException("field 'charter' missing or invalid");
    }
    String protection = node.path("protection").asText("rsa");
    if (!protection.equals("rsa") && !protection.equals("hybrid")) {
      throw new ProtocolException("field 'protection' is neither rsa nor hybrid");
    }
    return new Envelope.Charter(text(node, "room", 64), text(node, "policy", 16),
        text(node, "creator", Envelope.MAX_NAME_CHARS), identityKey(node, "creatorIdentity"), protection,
        signature(node));
  }

  private static List<Envelope.RecordMember> recordMembers(JsonNode array) throws ProtocolException {
    List<Envelope.RecordMember> out = new ArrayList<>();
    for (JsonNode m : objects(array, "members")) {
      out.add(new Envelope.RecordMember(text(m, "name", Envelope.MAX_NAME_CHARS), identityKey(m, "identityKey"),
          text(m, "keyFingerprint", 64)));
    }
    return out;
  }

  private static List<Envelope.Wrap> wraps(JsonNode array) throws ProtocolException {
    List<Envelope.Wrap> out = new ArrayList<>();
    for (JsonNode w : objects(array, "wraps")) {
      out.add(new Envelope.Wrap(text(w, "to", Envelope.MAX_NAME_CHARS), wrappedKey(w)));
    }
    return out;
  }

  private static List<Envelope.MemberKey> memberKeys(JsonNode array) throws ProtocolException {
    List<Envelope.MemberKey> out = new ArrayList<>();
    for (JsonNode k : objects(array, "publicKeys")) {
      out.add(new Envelope.MemberKey(text(k, "name", Envelope.MAX_NAME_CHARS), memberKey(k, "publicKey")));
    }
    return out;
  }

  private static List<JsonNode> objects(JsonNode array, String field) throws ProtocolException {
    if (!array.isArray() || array.size() > Envelope.MAX_MEMBERS) {
      throw new ProtocolException("field '" + field + "' missing or invalid");
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode m : array) {
      if (!m.isObject()) {
        throw new ProtocolException("field '" + field + "' missing or invalid");
      }
      out.add(m);
    }
    return out;
  }

  /** An optional array of member names (absent means none). */
  private static List<String> names(JsonNode node, String field) throws ProtocolException {
    JsonNode array = node.path(field);
    if (array.isMissingNode()) {
      return List.of();
    }
    if (!array.isArray() || array.size() > Envelope.MAX_MEMBERS) {
      throw new ProtocolException("field '" + field + "' missing or invalid");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode name : array) {
      if (!name.isTextual() || name.asText().isEmpty() || name.asText().length() > Envelope.MAX_NAME_CHARS) {
        throw new ProtocolException("field '" + field + "' missing or invalid");
      }
      out.add(name.asText());
    }
    return out;
  }

  // Keys and signatures are parsed here, once: past the codec they are typed, never raw text.

  private static IdentityPublicKey identityKey(JsonNode node, String field) throws ProtocolException {
    return parsed(node, field, KEY_CHARS, IdentityPublicKey::new);
  }

  private static MemberPublicKey memberKey(JsonNode node, String field) throws ProtocolException {
    return parsed(node, field, KEY_CHARS, MemberPublicKey::new);
  }

  private static WrappedKey wrappedKey(JsonNode node) throws ProtocolException {
    return parsed(node, "wrappedKey", WRAPPED_KEY_CHARS, WrappedKey::new);
  }

  private static Signature signature(JsonNode node) throws ProtocolException {
    return parsed(node, "signature", SIGNATURE_CHARS, Signature::new);
  }

  private static <T extends WireBytes> T parsed(JsonNode node, String field, int maxChars,
      java.util.function.Function<String, T> type) throws ProtocolException {
    String text = text(node, field, maxChars);
    try {
      return type.apply(text);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("field '" + field + "' is not base64");
    }
  }

  private static JsonNode tree(byte[] body) throws ProtocolException {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new ProtocolException("envelope is not a JSON object");
      }
      return node;
    } catch (java.io.IOException e) {
      throw new ProtocolException("envelope is not JSON");
    }
  }

  private static long number(JsonNode node, String field) throws ProtocolException {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
      throw new ProtocolException("field '" + field + "' missing or invalid");
    }
    return value.asLong();
  }

  private static String optionalText(JsonNode node, String field, int maxChars) throws ProtocolException {
    return node.has(field) ? text(node, field, maxChars) : null;
  }

  private static String text(JsonNode node, String field, int maxChars) throws ProtocolException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty() || value.asText().length() > maxChars) {
      throw new ProtocolException("field '" + field + "' missing or invalid");
    }
    return value.asText();
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
