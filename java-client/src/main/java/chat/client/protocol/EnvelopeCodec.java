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

  public byte[] encode(Envelope envelope) {
    ObjectNode node = JSON.createObjectNode();
    node.put("v", Envelope.VERSION);
    node.put("type", envelope.type().wireName());
    node.put("room", envelope.room());
    if (envelope instanceof Envelope.Announce a) {
      node.put("member", a.member()).put("publicKey", a.publicKey()).put("identityKey", a.identityKey());
      if (a.invitationId() != null) {
        node.put("invitationId", a.invitationId()).put("proof", a.proof());
      }
      node.put("signature", a.signature());
    } else if (envelope instanceof Envelope.KeyDelivery k) {
      node.put("from", k.from()).put("fromIdentity", k.fromIdentity()).put("to", k.to())
          .put("toKeyFingerprint", k.toKeyFingerprint()).put("epoch", k.epoch()).put("keyId", k.keyId())
          .put("wrappedKey", k.wrappedKey());
      ArrayNode members = node.putArray("members");
      k.members().forEach(m -> members.addObject().put("name", m.name()).put("identityKey", m.identityKey())
          .put("publicKey", m.publicKey()));
      Envelope.Charter c = k.charter();
      node.putObject("charter").put("room", c.room()).put("policy", c.policy()).put("creator", c.creator())
          .put("creatorIdentity", c.creatorIdentity()).put("signature", c.signature());
      node.put("signature", k.signature());
    } else if (envelope instanceof Envelope.Chat c) {
      node.put("epoch", c.epoch()).put("token", c.token());
    } else if (envelope instanceof Envelope.Direct d) {
      node.put("to", d.to()).put("wrappedKey", d.wrappedKey()).put("token", d.token());
    }
    return bytes(node);
  }

  public Envelope decode(byte[] body) throws ProtocolException {
    if (body.length > Envelope.MAX_ENVELOPE_BYTES) {
      throw new ProtocolException("envelope larger than " + Envelope.MAX_ENVELOPE_BYTES + " bytes");
    }
    JsonNode node = tree(body);
    if (node.path("v").asInt(-1) != Envelope.VERSION) {
      throw new ProtocolException("unsupported envelope version");
    }
    EnvelopeType type = EnvelopeType.fromWire(node.path("type").asText(""))
        .orElseThrow(() -> new ProtocolException("unknown envelope type"));
    String room = text(node, "room", 64);
    return switch (type) {
      case ANNOUNCE -> {
        String invitationId = optionalText(node, "invitationId", 64);
        yield new Envelope.Announce(room, text(node, "member", Envelope.MAX_NAME_CHARS),
            text(node, "publicKey", KEY_CHARS), text(node, "identityKey", KEY_CHARS), invitationId,
            invitationId == null ? null : text(node, "proof", 128), text(node, "signature", SIGNATURE_CHARS));
      }
      case KEY -> new Envelope.KeyDelivery(room, text(node, "from", Envelope.MAX_NAME_CHARS),
          text(node, "fromIdentity", KEY_CHARS), text(node, "to", Envelope.MAX_NAME_CHARS),
          text(node, "toKeyFingerprint", 64), number(node, "epoch"), text(node, "keyId", 64),
          text(node, "wrappedKey", 2048), members(node.path("members")), charter(node.path("charter")),
          text(node, "signature", SIGNATURE_CHARS));
      case CHAT -> new Envelope.Chat(room, number(node, "epoch"), text(node, "token", Envelope.MAX_ENVELOPE_BYTES));
      case DIRECT -> new Envelope.Direct(room, text(node, "to", Envelope.MAX_NAME_CHARS), text(node, "wrappedKey", 2048),
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
    node.put("text", c.text()).put("sha256", c.sha256()).put("signature", c.signature());
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
        text(node, "signature", SIGNATURE_CHARS));
  }

  private static Envelope.Charter charter(JsonNode node) throws ProtocolException {
    if (!node.isObject()) {
      throw new ProtocolException("field 'charter' missing or invalid");
    }
    return new Envelope.Charter(text(node, "room", 64), text(node, "policy", 16),
        text(node, "creator", Envelope.MAX_NAME_CHARS), text(node, "creatorIdentity", KEY_CHARS),
        text(node, "signature", SIGNATURE_CHARS));
  }

  private static List<Envelope.MemberInfo> members(JsonNode array) throws ProtocolException {
    if (!array.isArray() || array.size() > Envelope.MAX_ROSTER_MEMBERS) {
      throw new ProtocolException("field 'members' missing or invalid");
    }
    List<Envelope.MemberInfo> out = new ArrayList<>();
    for (JsonNode m : array) {
      if (!m.isObject()) {
        throw new ProtocolException("field 'members' missing or invalid");
      }
      out.add(new Envelope.MemberInfo(text(m, "name", Envelope.MAX_NAME_CHARS), text(m, "identityKey", KEY_CHARS),
          text(m, "publicKey", KEY_CHARS)));
    }
    return out;
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
