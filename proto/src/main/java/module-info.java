/** The wire protocol of echomesh: the Java that protoc generates from {@code echomesh.proto}. */
module dev.echomesh.proto {
  requires transitive com.google.protobuf;

  exports dev.echomesh.proto;
}
