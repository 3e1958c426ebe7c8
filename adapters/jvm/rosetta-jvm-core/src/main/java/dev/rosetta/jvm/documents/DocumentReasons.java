package dev.rosetta.jvm.documents;

import java.util.List;

/**
 * The {@code reason} strings of document refusals (crdt/PROTOCOL.md §3), as
 * {@link dev.rosetta.jvm.errors.RosettaException#reason()} carries them; checked against
 * protocol/vocabulary.json by VocabularyTest.
 *
 * <pre>{@code
 * catch (PermissionDeniedException e) { if (DocumentReasons.READ_ONLY.equals(e.reason())) showReadOnly(); }
 * }</pre>
 */
public final class DocumentReasons {
  public static final String UPDATE_TOO_LARGE = "update-too-large";
  public static final String DOCUMENT_TOO_LARGE = "document-too-large";
  public static final String MALFORMED_UPDATE = "malformed-update";
  public static final String MALFORMED_MESSAGE = "malformed-message";
  public static final String MALFORMED_FRAME = "malformed-frame";
  public static final String INVALID_DOCUMENT_NAME = "invalid-document-name";
  public static final String READ_ONLY = "read-only";
  public static final String READ_DENIED = "read-denied";
  public static final String QUEUE_FULL = "queue-full";
  public static final String TOO_MANY_DOCUMENTS = "too-many-documents";
  public static final String DOCUMENT_CLOSED = "document-closed";
  public static final String CONSISTENCY_UNAVAILABLE = "consistency-unavailable";
  public static final String STORE_FAILURE = "store-failure";

  /** Every reason, in the vocabulary's order. */
  public static final List<String> ALL = List.of(UPDATE_TOO_LARGE, DOCUMENT_TOO_LARGE, MALFORMED_UPDATE, MALFORMED_MESSAGE, MALFORMED_FRAME,
      INVALID_DOCUMENT_NAME, READ_ONLY, READ_DENIED, QUEUE_FULL, TOO_MANY_DOCUMENTS, DOCUMENT_CLOSED, CONSISTENCY_UNAVAILABLE, STORE_FAILURE);

  private DocumentReasons() {}
}
