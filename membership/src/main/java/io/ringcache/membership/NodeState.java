package io.ringcache.membership;

/** What a member says about itself in its metadata. */
public enum NodeState {
  /** Serving and eligible to own data. */
  ACTIVE,
  /** Shutting down gracefully: route nothing new to it. */
  LEAVING;

  static NodeState fromCode(int code) {
    return switch (code) {
      case 0 -> ACTIVE;
      case 1 -> LEAVING;
      default -> throw new IllegalArgumentException("unknown node state code " + code);
    };
  }

  int code() {
    return ordinal();
  }
}
