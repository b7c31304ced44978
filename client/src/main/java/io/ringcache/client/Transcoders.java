package io.ringcache.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Stock transcoders. {@link #serializing(ObjectInputFilter)} uses spymemcached's flag values (String
 * 0, serialized 1, byte[] 8&lt;&lt;8), so items written by either client read back in the other.
 */
public final class Transcoders {
  static final int FLAG_SERIALIZED = 1;
  static final int FLAG_BYTE_ARRAY = 8 << 8;
  static final int FLAG_STRING = 0;

  private Transcoders() {}

  /** The bytes as they are, flags 0. */
  public static Transcoder<byte[]> bytes() {
    return Raw.INSTANCE;
  }

  /** UTF-8 strings, flags 0. */
  public static Transcoder<String> utf8() {
    return Utf8.INSTANCE;
  }

  /**
   * Strings as UTF-8, byte arrays as they are, anything else by Java serialization. Deserialization
   * of bytes someone else wrote is dangerous: pass a filter that allows only your value classes.
   */
  public static Transcoder<Object> serializing(ObjectInputFilter filter) {
    return new Serializing(filter);
  }

  private enum Raw implements Transcoder<byte[]> {
    INSTANCE;

    @Override
    public CachedData encode(byte[] value) {
      return new CachedData(0, value);
    }

    @Override
    public byte[] decode(CachedData data) {
      return data.data();
    }
  }

  private enum Utf8 implements Transcoder<String> {
    INSTANCE;

    @Override
    public CachedData encode(String value) {
      return new CachedData(FLAG_STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String decode(CachedData data) {
      return new String(data.data(), StandardCharsets.UTF_8);
    }
  }

  private static final class Serializing implements Transcoder<Object> {
    private final ObjectInputFilter filter;

    Serializing(ObjectInputFilter filter) {
      this.filter = filter;
    }

    @Override
    public CachedData encode(Object value) {
      if (value instanceof String s) {
        return new CachedData(FLAG_STRING, s.getBytes(StandardCharsets.UTF_8));
      }
      if (value instanceof byte[] b) {
        return new CachedData(FLAG_BYTE_ARRAY, b);
      }
      if (!(value instanceof Serializable)) {
        throw new IllegalArgumentException("not serializable: " + value.getClass().getName());
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new CachedData(FLAG_SERIALIZED, bytes.toByteArray());
    }

    @Override
    public Object decode(CachedData data) {
      switch (data.flags()) {
        case FLAG_STRING:
          return new String(data.data(), StandardCharsets.UTF_8);
        case FLAG_BYTE_ARRAY:
          return data.data();
        case FLAG_SERIALIZED:
          try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data.data()))) {
            in.setObjectInputFilter(filter);
            return in.readObject();
          } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot deserialize a cached value", e);
          }
        default:
          throw new IllegalStateException("unknown value flags " + data.flags());
      }
    }
  }
}
