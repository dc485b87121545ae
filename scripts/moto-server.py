#!/usr/bin/env python3
"""Start moto's server on a loopback port, with the gaps the tool depends on patched.

    python3 scripts/moto-server.py --port 5000 [--host 127.0.0.1]

Used by the integration tests (dev.hackathon.infra.testing.MotoServer) and handy by hand.

Why patch moto at all: the tool is written against real AWS. Where moto 5.2 does not
implement an API the tool must call on AWS (or never finishes a deletion that AWS
finishes), the choice is between teaching the tool to skip the call or the emulator to
answer it. Skipping would make the tests pass against moto and fail against AWS, so the
harness must never make the tool skip them. Instead we add the missing behaviour here,
in-process, shaped like the AWS API reference (same error codes, same HTTP statuses via
moto's own botocore-model serializer), and nothing else. Each patch is small and says
which AWS behaviour it stands in for.

Patches (all state lives in moto's backend objects, so POST /moto-api/reset clears it):

1. ElastiCache DeleteCacheSubnetGroup (moto: not implemented, HTTP 500).
   Deletes the group; CacheSubnetGroupNotFoundFault when absent; CacheSubnetGroupInUse
   while a replication group or cache cluster still names it (a deleting one included,
   as on AWS, where a deleting cluster keeps its ENIs in the subnets).
2. ElastiCache deletions that never finish (moto: a deleted replication group or cache
   cluster stays "deleting" forever). Now DeleteReplicationGroup / DeleteCacheCluster
   still answer with status "deleting"; the next Describe that shows the resource shows
   it "deleting" once and removes it, so a poller sees "deleting" and then
   ReplicationGroupNotFoundFault / CacheClusterNotFound, as on AWS after some minutes.
   A second DeleteReplicationGroup while it is deleting answers
   InvalidReplicationGroupState, as AWS does (moto answered success again); likewise
   DeleteCacheCluster answers InvalidCacheClusterState. Real AWS keeps the resource for
   minutes, so a tool that deletes the cache subnet group without waiting for the group to
   be gone gets CacheSubnetGroupInUse here too (until a Describe has seen it deleting).
3. IAM ListInstanceProfileTags (moto: not implemented, HTTP 500): answers the profile's
   tags (set by CreateInstanceProfile Tags or TagInstanceProfile), NoSuchEntity when absent.
4. ElastiCache ModifyCacheSubnetGroup (moto: not implemented, HTTP 500). Replaces the
   group's subnets (and description when given), keeping its name, ARN and tags;
   CacheSubnetGroupNotFoundFault when absent, InvalidSubnet for unknown subnets or subnets
   of different VPCs (moto's own checks on create).
5. RDS ModifyDBSubnetGroup (moto: answers success but drops the group from its backend,
   so it is gone from every later Describe). Now it changes the subnets (and description)
   in place and keeps the group, as AWS does; DBSubnetGroupNotFoundFault when absent.
6. RDS DescribeOrderableDBInstanceOptions for postgres (moto: only Aurora PostgreSQL and
   Neptune, so every postgres class looked unorderable). Answers a small catalogue: the
   current minor versions of PostgreSQL 15-17 with the burstable and general-purpose classes
   this tool is used with, orderable in every zone of the Region, filtered by
   DBInstanceClass and EngineVersion (exact, as AWS matches it).
7. Bedrock GetFoundationModel, GetFoundationModelAvailability and GetInferenceProfile
   (moto: not implemented). A small catalogue of foundation models (each in every Region;
   some, like the newer Claude models, invocable through an inference profile only) and the
   cross-Region inference profiles (us., eu., apac. by the Region's geography, global.) in
   front of them; an unknown id answers ResourceNotFoundException (HTTP 404), as AWS does.
   Access is granted to every model (AUTHORIZED / AVAILABLE): tests that need a refusal
   rewrite the answer in the test, as AWS decides it per account.
8. EC2 DeleteNatGateway that lets go of its Elastic IP (moto: the address stays associated
   with the deleted gateway's interface forever, so no new gateway can ever use it:
   Resource.AlreadyAssociated). On AWS the address is disassociated once the gateway is
   deleted; here at once (the test harness's AWS behaviour layer keeps the gateway
   "deleting", and the address held, for a few listings first).
9. Route 53 ChangeResourceRecordSets, one batch at a time (moto: each DELETE rebuilds the
   zone's record list from the one it read, on the server's request threads, so two batches
   for one zone at once can lose one of the deletions while both answer success: `down`
   deletes a zone's alias records side by side, and one fresh-clone CI run of DomainTest saw
   api.example.com's A and AAAA outlive a down that exited 0). The window is a thread switch
   inside that rebuild, too rare for a test to hit on purpose (24 deletes at once into a
   zone of 400 records lost none, patched or not). Route 53 applies a zone's batches one
   after another (one sent while another is pending may answer PriorRequestNotComplete,
   which the tool retries); here they queue on a lock.
"""

import argparse
import ipaddress
import os
import sys


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", "-p", type=int, required=True, help="port to listen on")
    parser.add_argument("--host", "-H", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    args = parser.parse_args(argv)
    if not is_loopback(args.host):
        parser.error(f"refusing to bind {args.host!r}: only loopback addresses (127.0.0.0/8, ::1, localhost)")
    if not 0 < args.port < 65536:
        parser.error(f"invalid port {args.port}")
    return args


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def patch_elasticache():
    from moto.core.responses import EmptyResult
    from moto.elasticache import exceptions as ec_exc
    from moto.elasticache.models import ElastiCacheBackend
    from moto.elasticache.responses import ElastiCacheResponse

    class CacheSubnetGroupInUse(ec_exc.ElastiCacheException):
        code = "CacheSubnetGroupInUse"

    class InvalidReplicationGroupState(ec_exc.ElastiCacheException):
        # The model's shape is InvalidReplicationGroupStateFault, its wire code this one.
        code = "InvalidReplicationGroupState"

    # --- 1. DeleteCacheSubnetGroup -------------------------------------------------
    def delete_cache_subnet_group(self, cache_subnet_group_name):
        group = self.cache_subnet_groups.get(cache_subnet_group_name)
        if group is None:
            raise ec_exc.CacheSubnetGroupNotFound(cache_subnet_group_name)
        users = [rg.replication_group_id for rg in self.replication_groups.values()
                 if rg.cache_subnet_group_name == cache_subnet_group_name]
        users += [cc.cache_cluster_id for cc in self.cache_clusters.values()
                  if cc.cache_subnet_group_name == cache_subnet_group_name]
        if users:
            raise CacheSubnetGroupInUse(
                f"Cache subnet group {cache_subnet_group_name} is currently in use by a cache cluster"
                f" or replication group ({', '.join(sorted(users))}).")
        del self.cache_subnet_groups[cache_subnet_group_name]
        self.tagging_service.delete_all_tags_for_resource(group.arn)

    def delete_cache_subnet_group_response(self):
        name = self._get_param("CacheSubnetGroupName")
        self.elasticache_backend.delete_cache_subnet_group(cache_subnet_group_name=name)
        return EmptyResult()

    ElastiCacheBackend.delete_cache_subnet_group = delete_cache_subnet_group
    # moto dispatches an Action to the response method of the same snake_case name,
    # looked up on the class at request time.
    ElastiCacheResponse.delete_cache_subnet_group = delete_cache_subnet_group_response

    # --- 2. deletions that finish ----------------------------------------------------
    original_delete_rg = ElastiCacheBackend.delete_replication_group
    original_describe_rg = ElastiCacheBackend.describe_replication_groups
    original_describe_cc = ElastiCacheBackend.describe_cache_clusters
    original_delete_cc = ElastiCacheBackend.delete_cache_cluster

    def delete_replication_group(self, replication_group_id, retain_primary_cluster):
        group = self.replication_groups.get(replication_group_id)
        if group is not None and group.status == "deleting":
            raise InvalidReplicationGroupState(
                f"Replication group {replication_group_id} has status deleting which is not valid for deletion.")
        return original_delete_rg(self, replication_group_id, retain_primary_cluster)

    def describe_replication_groups(self, replication_group_id=None):
        result = original_describe_rg(self, replication_group_id=replication_group_id)
        for rg in result:
            if rg.status == "deleting":  # shown deleting this once, gone afterwards
                self.replication_groups.pop(rg.replication_group_id, None)
                self.tagging_service.delete_all_tags_for_resource(rg.arn)
        return result

    def describe_cache_clusters(self, cache_cluster_id=None):
        result = original_describe_cc(self, cache_cluster_id=cache_cluster_id)
        for cc in result:
            if cc.cache_cluster_status == "deleting":
                self.cache_clusters.pop(cc.cache_cluster_id, None)
                self.tagging_service.delete_all_tags_for_resource(cc.arn)
        return result

    def delete_cache_cluster(self, cache_cluster_id):
        cluster = self.cache_clusters.get(cache_cluster_id)
        if cluster is not None and cluster.cache_cluster_status == "deleting":
            raise ec_exc.ElastiCacheException(
                "InvalidCacheClusterState",
                f"Cache cluster {cache_cluster_id} is not in a valid state to be deleted.")
        return original_delete_cc(self, cache_cluster_id)

    ElastiCacheBackend.delete_replication_group = delete_replication_group
    ElastiCacheBackend.describe_replication_groups = describe_replication_groups
    ElastiCacheBackend.describe_cache_clusters = describe_cache_clusters
    ElastiCacheBackend.delete_cache_cluster = delete_cache_cluster


def patch_cache_subnet_group_modify():
    from moto.core.responses import ActionResult
    from moto.elasticache import exceptions as ec_exc
    from moto.elasticache.models import CacheSubnetGroup, ElastiCacheBackend
    from moto.elasticache.responses import ElastiCacheResponse

    # --- 4. ModifyCacheSubnetGroup -------------------------------------------------
    def modify_cache_subnet_group(self, cache_subnet_group_name, cache_subnet_group_description, subnet_ids):
        group = self.cache_subnet_groups.get(cache_subnet_group_name)
        if group is None:
            raise ec_exc.CacheSubnetGroupNotFound(cache_subnet_group_name)
        # Built like a new group, so moto's subnet lookup and VPC checks apply; same name, same ARN.
        changed = CacheSubnetGroup(
            account_id=self.account_id,
            region_name=self.region_name,
            cache_subnet_group_name=cache_subnet_group_name,
            cache_subnet_group_description=cache_subnet_group_description or group.cache_subnet_group_description,
            subnet_ids=subnet_ids or group.subnet_ids,
            tags=group.tags,
        )
        self.cache_subnet_groups[cache_subnet_group_name] = changed
        return changed

    def modify_cache_subnet_group_response(self):
        group = self.elasticache_backend.modify_cache_subnet_group(
            cache_subnet_group_name=self._get_param("CacheSubnetGroupName"),
            cache_subnet_group_description=self._get_param("CacheSubnetGroupDescription"),
            subnet_ids=self._get_param("SubnetIds", []),
        )
        return ActionResult({"CacheSubnetGroup": group})

    ElastiCacheBackend.modify_cache_subnet_group = modify_cache_subnet_group
    ElastiCacheResponse.modify_cache_subnet_group = modify_cache_subnet_group_response


def patch_rds():
    from moto.rds.exceptions import DBSubnetGroupNotFoundError
    from moto.rds.models import RDSBackend

    # --- 5. ModifyDBSubnetGroup that keeps the group -------------------------------
    def modify_db_subnet_group(self, subnet_name, description, subnets):
        group = self.subnet_groups.get(subnet_name)
        if group is None:
            raise DBSubnetGroupNotFoundError(subnet_name)
        group.subnets = subnets
        if description is not None:
            group.description = description
        return group

    RDSBackend.modify_db_subnet_group = modify_db_subnet_group


def patch_nat_gateway_delete():
    from moto.ec2.models.nat_gateways import NatGatewayBackend

    # --- 8. DeleteNatGateway frees its address ----------------------------------------
    original = NatGatewayBackend.delete_nat_gateway

    def delete_nat_gateway(self, nat_gateway_id):
        gateway = original(self, nat_gateway_id)
        eni = getattr(gateway, "_eni", None)
        for address in list(getattr(self, "addresses", [])):
            if eni is not None and address.eni is not None and address.eni.id == eni.id:
                address.eni.public_ip = None
                address.eni = None
                address.association_id = None
        return gateway

    NatGatewayBackend.delete_nat_gateway = delete_nat_gateway


def patch_iam():
    from moto.core.responses import ActionResult
    from moto.iam.models import IAMBackend
    from moto.iam.responses import IamResponse

    def list_instance_profile_tags(self, profile_name, marker, max_items=100):
        profile = self.get_instance_profile(profile_name)  # NoSuchEntity when absent
        tags = sorted(profile.tags, key=lambda t: t["Key"])
        start = int(marker) if marker else 0
        max_items = int(max_items)
        page = tags[start:start + max_items]
        next_marker = str(start + max_items) if len(tags) > start + max_items else None
        return page, next_marker

    def list_instance_profile_tags_response(self):
        tags, marker = self.backend.list_instance_profile_tags(
            self._get_param("InstanceProfileName"),
            self._get_param("Marker"),
            self._get_param("MaxItems", 100),
        )
        return ActionResult({"Tags": tags, "Marker": marker, "IsTruncated": bool(marker)})

    IAMBackend.list_instance_profile_tags = list_instance_profile_tags
    IamResponse.list_instance_profile_tags = list_instance_profile_tags_response


POSTGRES_VERSIONS = ["15.8", "15.10", "16.4", "16.6", "17.2"]
POSTGRES_CLASSES = ["db.t3.micro", "db.t3.small", "db.t3.medium", "db.t4g.micro", "db.t4g.small",
                    "db.t4g.medium", "db.t4g.large", "db.m6g.large", "db.m7g.large", "db.r6g.large", "db.r7g.large"]


def patch_rds_orderable():
    from moto.core.responses import ActionResult, PaginatedResult
    from moto.ec2.models import ec2_backends
    from moto.rds.responses import RDSResponse

    original = RDSResponse.describe_orderable_db_instance_options

    # --- 6. postgres orderable options ----------------------------------------------
    def describe_orderable_db_instance_options(self):
        if self.params.get("Engine") != "postgres":
            return original(self)
        version = self.params.get("EngineVersion")
        klass = self.params.get("DBInstanceClass")
        zones = [z.name for z in ec2_backends[self.current_account][self.region].describe_availability_zones()]
        options = [
            {
                "Engine": "postgres",
                "EngineVersion": v,
                "DBInstanceClass": c,
                "LicenseModel": "postgresql-license",
                "AvailabilityZones": [{"Name": z} for z in zones],
                "MultiAZCapable": True,
                "ReadReplicaCapable": True,
                "Vpc": True,
                "SupportsStorageEncryption": True,
                "StorageType": "gp3",
            }
            for v in POSTGRES_VERSIONS for c in POSTGRES_CLASSES
            if (not version or v == version) and (not klass or c == klass)
        ]
        return PaginatedResult({"OrderableDBInstanceOptions": options})

    RDSResponse.describe_orderable_db_instance_options = describe_orderable_db_instance_options


# (model id, invocable on demand); each in every Region.
BEDROCK_MODELS = [
    ("anthropic.claude-3-haiku-20240307-v1:0", True),
    ("anthropic.claude-3-sonnet-20240229-v1:0", True),
    ("anthropic.claude-3-5-sonnet-20240620-v1:0", True),
    ("anthropic.claude-3-5-haiku-20241022-v1:0", False),
    ("anthropic.claude-3-7-sonnet-20250219-v1:0", False),
    ("anthropic.claude-sonnet-4-20250514-v1:0", False),
    ("amazon.titan-text-express-v1", True),
    ("amazon.titan-embed-text-v2:0", True),
    ("amazon.nova-lite-v1:0", True),
    ("amazon.nova-pro-v1:0", True),
    ("meta.llama3-8b-instruct-v1:0", True),
    ("cohere.command-r-v1:0", True),
]
# Inference profile prefix -> the Region prefixes whose geography it covers ("" = any).
BEDROCK_GEOGRAPHIES = {"us": ("us-",), "eu": ("eu-",), "apac": ("ap-",), "global": ("",)}


def patch_bedrock():
    import json
    from urllib.parse import unquote

    from moto.bedrock import exceptions as b_exc
    from moto.bedrock.responses import BedrockResponse

    class NotFound(b_exc.BedrockClientError):
        code = 404

        def __init__(self, msg):
            super().__init__("ResourceNotFoundException", msg)

    models = dict(BEDROCK_MODELS)

    def model_arn(self, model_id):
        return f"arn:aws:bedrock:{self.region}::foundation-model/{model_id}"

    def model_or_404(self, model_id):
        if model_id not in models:
            raise NotFound(f"Could not resolve the foundation model from the provided model identifier: {model_id}")
        return model_id

    # --- 7. GetFoundationModel, GetFoundationModelAvailability, GetInferenceProfile -----
    def get_foundation_model(self):
        model_id = model_or_404(self, unquote(self.path.split("/")[-1]))
        provider = model_id.split(".")[0]
        return json.dumps({"modelDetails": {
            "modelArn": model_arn(self, model_id),
            "modelId": model_id,
            "modelName": model_id,
            "providerName": provider.capitalize(),
            "inputModalities": ["TEXT"],
            "outputModalities": ["EMBEDDING" if "embed" in model_id else "TEXT"],
            "inferenceTypesSupported": ["ON_DEMAND"] if models[model_id] else ["INFERENCE_PROFILE"],
            "modelLifecycle": {"status": "ACTIVE"},
        }})

    def get_foundation_model_availability(self):
        model_id = model_or_404(self, unquote(self.path.split("/")[-1]))
        return json.dumps({
            "modelId": model_id,
            "agreementAvailability": {"status": "AVAILABLE"},
            "authorizationStatus": "AUTHORIZED",
            "entitlementAvailability": "AVAILABLE",
            "regionAvailability": "AVAILABLE",
        })

    def get_inference_profile(self):
        profile_id = unquote(self.path.split("/")[-1])
        geography, _, model_id = profile_id.partition(".")
        regions = BEDROCK_GEOGRAPHIES.get(geography)
        if regions is None or model_id not in models or not any(self.region.startswith(r) for r in regions):
            raise NotFound(f"Inference profile {profile_id} not found")
        return json.dumps({
            "inferenceProfileName": f"{geography.upper()} {model_id}",
            "inferenceProfileArn": f"arn:aws:bedrock:{self.region}:{self.current_account}:inference-profile/{profile_id}",
            "inferenceProfileId": profile_id,
            "models": [{"modelArn": model_arn(self, model_id)}],
            "status": "ACTIVE",
            "type": "SYSTEM_DEFINED",
        })

    BedrockResponse.get_foundation_model = get_foundation_model
    BedrockResponse.get_foundation_model_availability = get_foundation_model_availability
    BedrockResponse.get_inference_profile = get_inference_profile


def patch_route53_changes():
    import threading
    from moto.route53.models import Route53Backend

    # --- 9. ChangeResourceRecordSets one batch at a time ----------------------------------
    original = Route53Backend.change_resource_record_sets
    lock = threading.Lock()

    def change_resource_record_sets(self, zoneid, change_list):
        with lock:
            return original(self, zoneid, change_list)

    Route53Backend.change_resource_record_sets = change_resource_record_sets


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # AmazonSSMManagedInstanceCore and friends must exist for AttachRolePolicy.
    os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    patch_elasticache()
    patch_cache_subnet_group_modify()
    patch_rds()
    patch_iam()
    patch_nat_gateway_delete()
    patch_rds_orderable()
    patch_bedrock()
    patch_route53_changes()
    from moto import server

    print(f"moto-server.py: patched moto, listening on http://{args.host}:{args.port}", flush=True)
    server.main(["--host", args.host, "--port", str(args.port)])


if __name__ == "__main__":
    main()
