package dev.hackathon.infra.resources;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ServiceClientConfiguration;
import software.amazon.awssdk.services.ec2.model.*;

/**
 * The EC2 client the kinds get: each call the stack makes goes to the SDK's client through
 * {@link Consistency#call}, which repeats in place a call naming an id AWS does not know yet.
 *
 * <p>Written out, not a {@code java.lang.reflect.Proxy}: Ec2Client has over 2,000 methods,
 * and the proxy class a JDK 24+ generates for it has a static initializer over the JVM's
 * 64 KiB method limit ("Code length 65891 is outside the allowed range"), so on the launcher's
 * JDK 25 no command could start. Only the operations the tool calls are here; the
 * interface's other methods keep their defaults (UnsupportedOperationException), and its
 * paginators and builder overloads call back into these. {@code ConsistentEc2ClientTest}
 * checks that every EC2 operation the main code names is one of them.
 */
final class ConsistentEc2Client implements Ec2Client {

    private final Ec2Client ec2;
    private final Consistency consistency;

    ConsistentEc2Client(Ec2Client ec2, Consistency consistency) {
        this.ec2 = ec2;
        this.consistency = consistency;
    }

    @Override
    public String serviceName() {
        return ec2.serviceName();
    }

    @Override
    public Ec2ServiceClientConfiguration serviceClientConfiguration() {
        return ec2.serviceClientConfiguration();
    }

    @Override
    public void close() {
        ec2.close();
    }

    @Override
    public AllocateAddressResponse allocateAddress(AllocateAddressRequest r) {
        return consistency.call("allocateAddress", () -> ec2.allocateAddress(r));
    }

    @Override
    public AssociateIamInstanceProfileResponse associateIamInstanceProfile(AssociateIamInstanceProfileRequest r) {
        return consistency.call("associateIamInstanceProfile", () -> ec2.associateIamInstanceProfile(r));
    }

    @Override
    public AssociateRouteTableResponse associateRouteTable(AssociateRouteTableRequest r) {
        return consistency.call("associateRouteTable", () -> ec2.associateRouteTable(r));
    }

    @Override
    public AttachInternetGatewayResponse attachInternetGateway(AttachInternetGatewayRequest r) {
        return consistency.call("attachInternetGateway", () -> ec2.attachInternetGateway(r));
    }

    @Override
    public AuthorizeSecurityGroupIngressResponse authorizeSecurityGroupIngress(AuthorizeSecurityGroupIngressRequest r) {
        return consistency.call("authorizeSecurityGroupIngress", () -> ec2.authorizeSecurityGroupIngress(r));
    }

    @Override
    public CreateInternetGatewayResponse createInternetGateway(CreateInternetGatewayRequest r) {
        return consistency.call("createInternetGateway", () -> ec2.createInternetGateway(r));
    }

    @Override
    public CreateNatGatewayResponse createNatGateway(CreateNatGatewayRequest r) {
        return consistency.call("createNatGateway", () -> ec2.createNatGateway(r));
    }

    @Override
    public CreateRouteResponse createRoute(CreateRouteRequest r) {
        return consistency.call("createRoute", () -> ec2.createRoute(r));
    }

    @Override
    public CreateRouteTableResponse createRouteTable(CreateRouteTableRequest r) {
        return consistency.call("createRouteTable", () -> ec2.createRouteTable(r));
    }

    @Override
    public CreateSecurityGroupResponse createSecurityGroup(CreateSecurityGroupRequest r) {
        return consistency.call("createSecurityGroup", () -> ec2.createSecurityGroup(r));
    }

    @Override
    public CreateSubnetResponse createSubnet(CreateSubnetRequest r) {
        return consistency.call("createSubnet", () -> ec2.createSubnet(r));
    }

    @Override
    public CreateTagsResponse createTags(CreateTagsRequest r) {
        return consistency.call("createTags", () -> ec2.createTags(r));
    }

    @Override
    public CreateVpcResponse createVpc(CreateVpcRequest r) {
        return consistency.call("createVpc", () -> ec2.createVpc(r));
    }

    @Override
    public DeleteInternetGatewayResponse deleteInternetGateway(DeleteInternetGatewayRequest r) {
        return consistency.call("deleteInternetGateway", () -> ec2.deleteInternetGateway(r));
    }

    @Override
    public DeleteNatGatewayResponse deleteNatGateway(DeleteNatGatewayRequest r) {
        return consistency.call("deleteNatGateway", () -> ec2.deleteNatGateway(r));
    }

    @Override
    public DeleteRouteResponse deleteRoute(DeleteRouteRequest r) {
        return consistency.call("deleteRoute", () -> ec2.deleteRoute(r));
    }

    @Override
    public DeleteRouteTableResponse deleteRouteTable(DeleteRouteTableRequest r) {
        return consistency.call("deleteRouteTable", () -> ec2.deleteRouteTable(r));
    }

    @Override
    public DeleteSecurityGroupResponse deleteSecurityGroup(DeleteSecurityGroupRequest r) {
        return consistency.call("deleteSecurityGroup", () -> ec2.deleteSecurityGroup(r));
    }

    @Override
    public DeleteSubnetResponse deleteSubnet(DeleteSubnetRequest r) {
        return consistency.call("deleteSubnet", () -> ec2.deleteSubnet(r));
    }

    @Override
    public DeleteVpcResponse deleteVpc(DeleteVpcRequest r) {
        return consistency.call("deleteVpc", () -> ec2.deleteVpc(r));
    }

    @Override
    public DescribeAddressesResponse describeAddresses(DescribeAddressesRequest r) {
        return consistency.call("describeAddresses", () -> ec2.describeAddresses(r));
    }

    @Override
    public DescribeAvailabilityZonesResponse describeAvailabilityZones(DescribeAvailabilityZonesRequest r) {
        return consistency.call("describeAvailabilityZones", () -> ec2.describeAvailabilityZones(r));
    }

    @Override
    public DescribeIamInstanceProfileAssociationsResponse describeIamInstanceProfileAssociations(DescribeIamInstanceProfileAssociationsRequest r) {
        return consistency.call("describeIamInstanceProfileAssociations", () -> ec2.describeIamInstanceProfileAssociations(r));
    }

    @Override
    public DescribeImagesResponse describeImages(DescribeImagesRequest r) {
        return consistency.call("describeImages", () -> ec2.describeImages(r));
    }

    @Override
    public DescribeInstancesResponse describeInstances(DescribeInstancesRequest r) {
        return consistency.call("describeInstances", () -> ec2.describeInstances(r));
    }

    @Override
    public DescribeInternetGatewaysResponse describeInternetGateways(DescribeInternetGatewaysRequest r) {
        return consistency.call("describeInternetGateways", () -> ec2.describeInternetGateways(r));
    }

    @Override
    public DescribeNatGatewaysResponse describeNatGateways(DescribeNatGatewaysRequest r) {
        return consistency.call("describeNatGateways", () -> ec2.describeNatGateways(r));
    }

    @Override
    public DescribeNetworkInterfacesResponse describeNetworkInterfaces(DescribeNetworkInterfacesRequest r) {
        return consistency.call("describeNetworkInterfaces", () -> ec2.describeNetworkInterfaces(r));
    }

    @Override
    public DescribeRouteTablesResponse describeRouteTables(DescribeRouteTablesRequest r) {
        return consistency.call("describeRouteTables", () -> ec2.describeRouteTables(r));
    }

    @Override
    public DescribeSecurityGroupsResponse describeSecurityGroups(DescribeSecurityGroupsRequest r) {
        return consistency.call("describeSecurityGroups", () -> ec2.describeSecurityGroups(r));
    }

    @Override
    public DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest r) {
        return consistency.call("describeSubnets", () -> ec2.describeSubnets(r));
    }

    @Override
    public DescribeVpcAttributeResponse describeVpcAttribute(DescribeVpcAttributeRequest r) {
        return consistency.call("describeVpcAttribute", () -> ec2.describeVpcAttribute(r));
    }

    @Override
    public DescribeVpcsResponse describeVpcs(DescribeVpcsRequest r) {
        return consistency.call("describeVpcs", () -> ec2.describeVpcs(r));
    }

    @Override
    public DetachInternetGatewayResponse detachInternetGateway(DetachInternetGatewayRequest r) {
        return consistency.call("detachInternetGateway", () -> ec2.detachInternetGateway(r));
    }

    @Override
    public DisassociateAddressResponse disassociateAddress(DisassociateAddressRequest r) {
        return consistency.call("disassociateAddress", () -> ec2.disassociateAddress(r));
    }

    @Override
    public DisassociateRouteTableResponse disassociateRouteTable(DisassociateRouteTableRequest r) {
        return consistency.call("disassociateRouteTable", () -> ec2.disassociateRouteTable(r));
    }

    @Override
    public ModifyInstanceAttributeResponse modifyInstanceAttribute(ModifyInstanceAttributeRequest r) {
        return consistency.call("modifyInstanceAttribute", () -> ec2.modifyInstanceAttribute(r));
    }

    @Override
    public ModifyInstanceMetadataOptionsResponse modifyInstanceMetadataOptions(ModifyInstanceMetadataOptionsRequest r) {
        return consistency.call("modifyInstanceMetadataOptions", () -> ec2.modifyInstanceMetadataOptions(r));
    }

    @Override
    public ModifySubnetAttributeResponse modifySubnetAttribute(ModifySubnetAttributeRequest r) {
        return consistency.call("modifySubnetAttribute", () -> ec2.modifySubnetAttribute(r));
    }

    @Override
    public ModifyVpcAttributeResponse modifyVpcAttribute(ModifyVpcAttributeRequest r) {
        return consistency.call("modifyVpcAttribute", () -> ec2.modifyVpcAttribute(r));
    }

    @Override
    public ReleaseAddressResponse releaseAddress(ReleaseAddressRequest r) {
        return consistency.call("releaseAddress", () -> ec2.releaseAddress(r));
    }

    @Override
    public ReplaceIamInstanceProfileAssociationResponse replaceIamInstanceProfileAssociation(ReplaceIamInstanceProfileAssociationRequest r) {
        return consistency.call("replaceIamInstanceProfileAssociation", () -> ec2.replaceIamInstanceProfileAssociation(r));
    }

    @Override
    public ReplaceRouteResponse replaceRoute(ReplaceRouteRequest r) {
        return consistency.call("replaceRoute", () -> ec2.replaceRoute(r));
    }

    @Override
    public ReplaceRouteTableAssociationResponse replaceRouteTableAssociation(ReplaceRouteTableAssociationRequest r) {
        return consistency.call("replaceRouteTableAssociation", () -> ec2.replaceRouteTableAssociation(r));
    }

    @Override
    public RevokeSecurityGroupEgressResponse revokeSecurityGroupEgress(RevokeSecurityGroupEgressRequest r) {
        return consistency.call("revokeSecurityGroupEgress", () -> ec2.revokeSecurityGroupEgress(r));
    }

    @Override
    public RevokeSecurityGroupIngressResponse revokeSecurityGroupIngress(RevokeSecurityGroupIngressRequest r) {
        return consistency.call("revokeSecurityGroupIngress", () -> ec2.revokeSecurityGroupIngress(r));
    }

    @Override
    public RunInstancesResponse runInstances(RunInstancesRequest r) {
        return consistency.call("runInstances", () -> ec2.runInstances(r));
    }

    @Override
    public StartInstancesResponse startInstances(StartInstancesRequest r) {
        return consistency.call("startInstances", () -> ec2.startInstances(r));
    }

    @Override
    public StopInstancesResponse stopInstances(StopInstancesRequest r) {
        return consistency.call("stopInstances", () -> ec2.stopInstances(r));
    }

    @Override
    public TerminateInstancesResponse terminateInstances(TerminateInstancesRequest r) {
        return consistency.call("terminateInstances", () -> ec2.terminateInstances(r));
    }
}
