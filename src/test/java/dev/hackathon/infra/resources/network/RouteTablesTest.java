package dev.hackathon.infra.resources.network;

import static org.mockito.ArgumentMatchers.any;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;

import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AssociateRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.CreateRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.CreateRouteTableResponse;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ReplaceRouteTableAssociationRequest;
import software.amazon.awssdk.services.ec2.model.ReplaceRouteTableAssociationResponse;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/**
 * moto lets a subnet sit in two route tables; AWS answers Resource.AlreadyAssociated, and the
 * association is then moved in place. CreateRouteTable carries a ClientToken.
 */
class RouteTablesTest {

    private static final Ownership OWNER = new Ownership("rt");
    private static final Context CTX = new Context() {
        @Override
        public Optional<Observed> find(String key) {
            return Optional.of(new Observed(key, key.equals("vpc/main") ? "vpc-1" : "subnet-1", "available", Map.of(), null));
        }

        @Override
        public Map<String, String> tags(String key) {
            return Map.of(Ownership.STACK_TAG, "rt", Ownership.KEY_TAG, key);
        }
    };

    @Test
    void aSubnetInAnotherTableIsMovedWithReplaceRouteTableAssociation() {
        // The consumer-builder overloads are the interface's own: they build the request and call these.
        Ec2Client ec2 = mock(Ec2Client.class, Mockito.CALLS_REAL_METHODS);
        doReturn(CreateRouteTableResponse.builder().routeTable(RouteTable.builder().routeTableId("rtb-new").build()).build())
                .when(ec2).createRouteTable(any(CreateRouteTableRequest.class));
        doThrow(Ec2Exception.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("Resource.AlreadyAssociated").errorMessage("the subnet is associated with rtb-old").build()).build())
                .when(ec2).associateRouteTable(any(AssociateRouteTableRequest.class));
        doReturn(DescribeRouteTablesResponse.builder().routeTables(RouteTable.builder().routeTableId("rtb-old")
                .associations(RouteTableAssociation.builder().routeTableAssociationId("rtbassoc-1").subnetId("subnet-1")
                        .build()).build()).build())
                .when(ec2).describeRouteTables(any(DescribeRouteTablesRequest.class));
        doReturn(ReplaceRouteTableAssociationResponse.builder().build())
                .when(ec2).replaceRouteTableAssociation(any(ReplaceRouteTableAssociationRequest.class));
        RouteTables kind = new RouteTables(ec2, OWNER);

        // The create makes the table alone; the update that follows (as the engine runs it) associates.
        RouteTables.Spec spec = new RouteTables.Spec("vpc/main", List.of("subnet/data-a"), null);
        Observed made = kind.create("rt/data", spec, CTX);
        kind.update("rt/data", spec, made, kind.diff("rt/data", spec, made, CTX), CTX);

        ArgumentCaptor<ReplaceRouteTableAssociationRequest> replaced = ArgumentCaptor.forClass(
                ReplaceRouteTableAssociationRequest.class);
        verify(ec2).replaceRouteTableAssociation(replaced.capture());
        assertEquals("rtbassoc-1", replaced.getValue().associationId());
        assertEquals("rtb-new", replaced.getValue().routeTableId());
        ArgumentCaptor<CreateRouteTableRequest> created = ArgumentCaptor.forClass(CreateRouteTableRequest.class);
        verify(ec2).createRouteTable(created.capture());
        assertEquals(OWNER.clientToken("rt/data", "vpc-1"), created.getValue().clientToken());
    }

}
