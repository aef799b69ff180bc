package chat.client.session;

import chat.client.protocol.ChatContent;

/**
 * What keying and the conversation ask of the engine around them, and nothing more: they cannot
 * change the session's state except through these.
 */
final class EngineHooks implements Keying.Session, Conversation.Session {

  private final RoomEngine engine;

  EngineHooks(RoomEngine engine) {
    this.engine = engine;
  }

  @Override
  public boolean keyed() {
    return engine.state() == RoomSession.State.KEYED;
  }

  @Override
  public void adopt(RecordMaker.Made made) {
    engine.life().adopt(made.record(), made.hash(), made.key(), true, engine.context().me());
  }

  @Override
  public void announce() {
    engine.arrivals().announceAgain();
  }

  @Override
  public void drop(String reason) {
    engine.life().drop(reason);
  }

  @Override
  public void behind() {
    engine.rejoin();
  }

  @Override
  public void keyedMemberSeen() {
    engine.joiningPart().keyedMemberSeen();
  }

  @Override
  public void admissionAnswer(ChatContent content) {
    engine.onAdmissionAnswer(content);
  }

  @Override
  public void counted(long count) {
    if (count >= engine.context().rules().rekeyAfterMessages()) {
      engine.keying().rekey(count + " messages in this epoch");
    }
  }
}
