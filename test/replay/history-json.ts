import { createRequire } from 'node:module';
import type * as proto from '@temporalio/proto';

type History = proto.temporal.api.history.v1.IHistory;
interface ProtoRoot {
  lookupType(name: string): unknown;
}

const require = createRequire(import.meta.url);
// Temporal's own historyFromJSON (@temporalio/common) loads protobufjs's JSON codec
// from its own copy of protobufjs, which npm installed apart from the one behind
// @temporalio/proto, so its `instanceof Type` check fails ("type must be a Type").
// The codec loaded the way @temporalio/proto resolves protobufjs is the same copy.
const fromProto = createRequire(require.resolve('@temporalio/proto'));
const { fromJson } = fromProto('protobufjs/ext/protojson') as {
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): History;
};
const { patchProtobufRoot } = require('@temporalio/proto/lib/patch-protobuf-root') as { patchProtobufRoot(root: unknown): ProtoRoot };
const historyType = patchProtobufRoot(require('@temporalio/proto')).lookupType('temporal.api.history.v1.History');

/** A history as `temporal workflow show --output json` writes it, as the replayer takes it. */
export function historyFromJson(json: unknown): History {
  return fromJson(historyType, json, { ignoreUnknownFields: true });
}
