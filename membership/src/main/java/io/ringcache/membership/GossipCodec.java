package io.ringcache.membership;

import io.scalecube.cluster.transport.api.Message;
import io.scalecube.cluster.transport.api.MessageCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.Externalizable;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * scalecube's messages in a format of our own, in place of its default Java serialization, which
 * runs {@code ObjectInputStream.readObject} on whatever reaches the gossip port. Only the types
 * scalecube's protocols send (listed in {@link #TYPES}) and the plain values inside them can be
 * written or read; each is named by a one-byte tag, never by a class name from the wire, and built
 * through its own {@code readExternal}, which reads only the fields it wrote. Anything else is an
 * {@link IOException}: an unknown tag, nesting deeper than {@link #MAX_DEPTH}, a string or byte
 * array longer than what is left of the frame.
 *
 * <pre>
 * object = tag:u8 body
 *   0 null | 1 String (u16 length, modified UTF-8) | 2 byte[] (i32 length, bytes)
 *   3 Message: headers (i32 count, then key:utf value:object) data:object
 *   10.. a scalecube type: the fields its writeExternal writes, objects among them tagged alike
 *   40.. an enum constant: u8 ordinal
 * </pre>
 *
 * Frames are authenticated before they get here ({@link GossipAuthHandler}): this codec is the
 * second line of defence, and the only one if the frame layer ever changed.
 */
final class GossipCodec implements MessageCodec {

  /** scalecube nests Message in Gossip in GossipRequest in Message: 4 levels; a margin, no more. */
  static final int MAX_DEPTH = 8;

  private static final int NULL = 0;
  private static final int STRING = 1;
  private static final int BYTES = 2;
  private static final int MESSAGE = 3;
  private static final int FIRST_TYPE = 10;
  private static final int FIRST_ENUM = 40;

  /** Every Externalizable type scalecube 2.7's protocols put in a message, in tag order. */
  static final List<String> TYPES = List.of(
      "io.scalecube.cluster.Member",
      "io.scalecube.cluster.fdetector.PingData",
      "io.scalecube.cluster.membership.SyncData",
      "io.scalecube.cluster.membership.MembershipRecord",
      "io.scalecube.cluster.gossip.GossipRequest",
      "io.scalecube.cluster.gossip.Gossip",
      "io.scalecube.cluster.metadata.GetMetadataRequest",
      "io.scalecube.cluster.metadata.GetMetadataResponse");

  /**
   * The types among {@link #TYPES} whose every {@code readInt} is a count or a length (SyncData's and
   * GossipRequest's list sizes, GetMetadataResponse's byte count; checked against scalecube 2.7.10's
   * sources): those ints are bounded by the frame before the type allocates by them.
   * MembershipRecord's one int is an incarnation, any value.
   */
  static final List<String> COUNTED = List.of(
      "io.scalecube.cluster.membership.SyncData",
      "io.scalecube.cluster.gossip.GossipRequest",
      "io.scalecube.cluster.metadata.GetMetadataResponse");

  /** The enums inside those types, in tag order. */
  static final List<String> ENUMS = List.of(
      "io.scalecube.cluster.fdetector.PingData$AckType",
      "io.scalecube.cluster.membership.MemberStatus");

  /** Declared after the lists its constructor reads. */
  static final GossipCodec INSTANCE = new GossipCodec();

  private final Map<Class<?>, Integer> tagOf = new HashMap<>();
  private final Constructor<?>[] constructors = new Constructor<?>[TYPES.size()];
  private final Object[][] enumConstants = new Object[ENUMS.size()][];
  private final boolean[] counted = new boolean[TYPES.size()];

  private GossipCodec() {
    try {
      for (int i = 0; i < TYPES.size(); i++) {
        Class<?> type = Class.forName(TYPES.get(i));
        if (!Externalizable.class.isAssignableFrom(type)) {
          throw new IllegalStateException(type + " is no longer Externalizable: the gossip codec needs a look");
        }
        Constructor<?> c = type.getDeclaredConstructor();
        c.setAccessible(true); // a public constructor of a package-private class
        constructors[i] = c;
        counted[i] = COUNTED.contains(TYPES.get(i));
        tagOf.put(type, FIRST_TYPE + i);
      }
      for (int i = 0; i < ENUMS.size(); i++) {
        Class<?> type = Class.forName(ENUMS.get(i));
        enumConstants[i] = type.getEnumConstants();
        tagOf.put(type, FIRST_ENUM + i);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("scalecube's message types changed: the gossip codec needs a look", e);
    }
  }

  @Override
  public Message deserialize(InputStream stream) throws IOException {
    Reader in = new Reader(new DataInputStream(stream), stream.available());
    Object message = in.readObject();
    if (!(message instanceof Message m)) {
      throw new IOException("gossip frame: not a message");
    }
    if (stream.read() >= 0) {
      throw new IOException("gossip frame: trailing bytes");
    }
    return m;
  }

  @Override
  public void serialize(Message message, OutputStream stream) throws IOException {
    Writer out = new Writer(new DataOutputStream(stream));
    out.writeObject(message);
    out.flush();
  }

  /** Writes objects by tag; every other call goes straight to the data stream. */
  private final class Writer extends DataOutputStream implements ObjectOutput {
    private int depth;

    Writer(DataOutputStream out) {
      super(out);
    }

    @Override
    public void writeObject(Object value) throws IOException {
      if (++depth > MAX_DEPTH) {
        throw new IOException("gossip message nested deeper than " + MAX_DEPTH);
      }
      try {
        if (value == null) {
          writeByte(NULL);
        } else if (value instanceof String s) {
          writeByte(STRING);
          writeUTF(s);
        } else if (value instanceof byte[] b) {
          writeByte(BYTES);
          writeInt(b.length);
          write(b);
        } else if (value instanceof Message m) {
          writeByte(MESSAGE);
          writeInt(m.headers().size());
          for (Map.Entry<String, String> h : m.headers().entrySet()) {
            writeUTF(h.getKey());
            writeObject(h.getValue());
          }
          writeObject(m.data());
        } else {
          Integer tag = tagOf.get(value.getClass());
          if (tag == null) {
            throw new IOException("gossip codec: " + value.getClass().getName() + " is not a gossip type");
          }
          writeByte(tag);
          if (value instanceof Enum<?> e) {
            writeByte(e.ordinal());
          } else {
            ((Externalizable) value).writeExternal(this);
          }
        }
      } finally {
        depth--;
      }
    }
  }

  /**
   * Reads objects by tag, building only the listed types. {@code limit} is what the frame held, so
   * no length read from it can make this allocate more than the frame's size.
   */
  private final class Reader implements ObjectInput {
    private final DataInputStream in;
    private final int limit;
    private int depth;
    /** The index in {@link #TYPES} of the type whose readExternal is running, or -1. */
    private int reading = -1;

    Reader(DataInputStream in, int limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public Object readObject() throws IOException {
      if (++depth > MAX_DEPTH) {
        throw new IOException("gossip message nested deeper than " + MAX_DEPTH);
      }
      try {
        int tag = readUnsignedByte();
        switch (tag) {
          case NULL:
            return null;
          case STRING:
            return readUTF();
          case BYTES:
            byte[] bytes = new byte[length(readInt())];
            readFully(bytes);
            return bytes;
          case MESSAGE:
            return readMessage();
          default:
            return readTyped(tag);
        }
      } finally {
        depth--;
      }
    }

    private Message readMessage() throws IOException {
      int headers = length(readInt());
      Message.Builder b = Message.builder();
      for (int i = 0; i < headers; i++) {
        String key = readUTF();
        Object value = readObject();
        if (value != null && !(value instanceof String)) {
          throw new IOException("gossip message: a header value that is not a string");
        }
        b.header(key, (String) value);
      }
      return b.data(readObject()).build();
    }

    private Object readTyped(int tag) throws IOException {
      if (tag >= FIRST_ENUM && tag < FIRST_ENUM + ENUMS.size()) {
        Object[] constants = enumConstants[tag - FIRST_ENUM];
        int ordinal = readUnsignedByte();
        if (ordinal >= constants.length) {
          throw new IOException("gossip message: enum ordinal " + ordinal + " out of range");
        }
        return constants[ordinal];
      }
      if (tag < FIRST_TYPE || tag >= FIRST_TYPE + TYPES.size()) {
        throw new IOException("gossip message: unknown tag " + tag);
      }
      Externalizable value;
      try {
        value = (Externalizable) constructors[tag - FIRST_TYPE].newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IOException("gossip message: cannot build " + TYPES.get(tag - FIRST_TYPE), e);
      }
      int outer = reading;
      reading = tag - FIRST_TYPE;
      try {
        value.readExternal(this);
      } catch (ClassNotFoundException | RuntimeException e) {
        // a type's own checks (a null where it needs a value, a cast) refuse bad content
        throw new IOException("gossip message: bad " + TYPES.get(tag - FIRST_TYPE) + ": " + e, e);
      } finally {
        reading = outer;
      }
      return value;
    }

    /** Within a type that reads only counts as ints, each is bounded by the frame (see COUNTED). */
    @Override
    public int readInt() throws IOException {
      int n = in.readInt();
      return reading >= 0 && counted[reading] ? length(n) : n;
    }

    // the rest of DataInput as it is

    @Override public void readFully(byte[] b) throws IOException { in.readFully(b); }
    @Override public void readFully(byte[] b, int off, int len) throws IOException { in.readFully(b, off, len); }
    @Override public int skipBytes(int n) throws IOException { return in.skipBytes(n); }
    @Override public boolean readBoolean() throws IOException { return in.readBoolean(); }
    @Override public byte readByte() throws IOException { return in.readByte(); }
    @Override public int readUnsignedByte() throws IOException { return in.readUnsignedByte(); }
    @Override public short readShort() throws IOException { return in.readShort(); }
    @Override public int readUnsignedShort() throws IOException { return in.readUnsignedShort(); }
    @Override public char readChar() throws IOException { return in.readChar(); }
    @Override public long readLong() throws IOException { return in.readLong(); }
    @Override public float readFloat() throws IOException { return in.readFloat(); }
    @Override public double readDouble() throws IOException { return in.readDouble(); }
    @Override public String readUTF() throws IOException { return in.readUTF(); }
    @Override public int read() throws IOException { return in.read(); }
    @Override public int read(byte[] b) throws IOException { return in.read(b); }
    @Override public int read(byte[] b, int off, int len) throws IOException { return in.read(b, off, len); }
    @Override public long skip(long n) throws IOException { return in.skip(n); }
    @Override public int available() throws IOException { return in.available(); }
    @Override public void close() throws IOException { in.close(); }

    /** Never used by scalecube's types; a line has no length bound, so it is refused. */
    @Override
    public String readLine() throws IOException {
      throw new IOException("gossip message: readLine is not part of the format");
    }

    /** A count or length read from the frame: never more than the frame itself holds. */
    private int length(int n) throws IOException {
      if (n < 0 || n > limit) {
        throw new EOFException("gossip message: length " + n + " is more than the frame's " + limit + " bytes");
      }
      return n;
    }
  }
}
