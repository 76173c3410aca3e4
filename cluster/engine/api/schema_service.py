"""The schemas of Services, Endpoints, EndpointSlices (discovery.k8s.io/v1) and TokenRequest
(authentication.k8s.io/v1), as Kubernetes' OpenAPI documents give them (see schema_dsl)."""

from __future__ import annotations

from cluster.engine.api.schema_dsl import define

DEFINITIONS = (
    define(
        "core.v1.ClientIPConfig",
        "ClientIPConfig represents the configurations of Client IP based session affinity.",
        """
        timeoutSeconds  int32  timeoutSeconds specifies the seconds of ClientIP type session sticky time.
        """,
    ),
    define(
        "core.v1.EndpointAddress",
        "EndpointAddress is a tuple that describes single IP address.",
        """
        hostname   string                   The Hostname of this endpoint
        ip         string!                  The IP of this endpoint.
        nodeName   string                   Optional: Node hosting this endpoint.
        targetRef  core.v1.ObjectReference  Reference to object providing the endpoint.
        """,
    ),
    define(
        "core.v1.EndpointPort",
        "EndpointPort is a tuple that describes a single port.",
        """
        appProtocol  string  The application protocol for this port.
        name         string  The name of this port.
        port         int32!  The port number of the endpoint.
        protocol     string  @enum=SCTP,TCP,UDP The IP protocol for this port.
        """,
    ),
    define(
        "core.v1.EndpointSubset",
        "EndpointSubset is a group of addresses with a common set of ports.",
        """
        addresses          []core.v1.EndpointAddress  @list=atomic IP addresses which offer the related ports that are marked as ready.
        notReadyAddresses  []core.v1.EndpointAddress  @list=atomic IP addresses which offer the related ports but are not currently marked as ready because they have not yet finished starting, have recently failed a readiness check, or have recently failed a liveness check.
        ports              []core.v1.EndpointPort     @list=atomic Port numbers available on the related IP addresses.
        """,
    ),
    define(
        "core.v1.Endpoints",
        "Endpoints is a collection of endpoints that implement the actual service.",
        """
        apiVersion  string                    APIVersion defines the versioned schema of this representation of an object.
        kind        string                    Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta        Standard object's metadata.
        subsets     []core.v1.EndpointSubset  @list=atomic The set of all endpoints is the union of all subsets.
        """,
        gvk=("", "v1", "Endpoints"),
    ),
    define(
        "core.v1.EndpointsList",
        "EndpointsList is a list of endpoints.",
        """
        apiVersion  string                APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.Endpoints!  List of endpoints.
        kind        string                Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta      Standard list metadata.
        """,
        gvk=("", "v1", "EndpointsList"),
    ),
    define(
        "core.v1.LoadBalancerIngress",
        "LoadBalancerIngress represents the status of a load-balancer ingress point: traffic intended for the service should be sent to an ingress point.",
        """
        hostname  string                Hostname is set for load-balancer ingress points that are DNS based (typically AWS load-balancers)
        ip        string                IP is set for load-balancer ingress points that are IP based (typically GCE or OpenStack load-balancers)
        ipMode    string                IPMode specifies how the load-balancer IP behaves, and may only be specified when the ip field is specified.
        ports     []core.v1.PortStatus  @list=atomic Ports is a list of records of service ports If used, every port defined in the service should have an entry in it
        """,
    ),
    define(
        "core.v1.LoadBalancerStatus",
        "LoadBalancerStatus represents the status of a load-balancer.",
        """
        ingress  []core.v1.LoadBalancerIngress  @list=atomic Ingress is a list containing ingress points for the load-balancer.
        """,
    ),
    define(
        "core.v1.PortStatus",
        "PortStatus represents the error condition of a service port",
        """
        error     string   Error is to record the problem with the service port The format of the error shall comply with the following rules: - built-in error values shall be specified in this file and those shall use   CamelCase names - cloud provider specific error values must have names that comply with the   format foo.example.com/CamelCase.
        port      int32!   Port is the port number of the service port of which status is recorded here
        protocol  string!  @enum=SCTP,TCP,UDP Protocol is the protocol of the service port of which status is recorded here The supported values are: "TCP", "UDP", "SCTP"
        """,
    ),
    define(
        "core.v1.Service",
        "Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.",
        """
        apiVersion  string                 APIVersion defines the versioned schema of this representation of an object.
        kind        string                 Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta     Standard object's metadata.
        spec        core.v1.ServiceSpec    Spec defines the behavior of a service.
        status      core.v1.ServiceStatus  Most recently observed status of the service.
        """,
        gvk=("", "v1", "Service"),
    ),
    define(
        "core.v1.ServiceList",
        "ServiceList holds a list of services.",
        """
        apiVersion  string              APIVersion defines the versioned schema of this representation of an object.
        items       []core.v1.Service!  List of services
        kind        string              Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta    Standard list metadata.
        """,
        gvk=("", "v1", "ServiceList"),
    ),
    define(
        "core.v1.ServicePort",
        "ServicePort contains information on service's port.",
        """
        appProtocol  string              The application protocol for this port.
        name         string              The name of this port within the service.
        nodePort     int32               The port on each node on which this service is exposed when type is NodePort or LoadBalancer.
        port         int32!              The port that will be exposed by this service.
        protocol     string              @enum=SCTP,TCP,UDP @default=TCP The IP protocol for this port.
        targetPort   intstr.IntOrString  Number or name of the port to access on the pods targeted by the service.
        """,
    ),
    define(
        "core.v1.ServiceSpec",
        "ServiceSpec describes the attributes that a user creates on a service.",
        """
        allocateLoadBalancerNodePorts  boolean                        allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer.
        clusterIP                      string                         clusterIP is the IP address of the service and is usually assigned randomly.
        clusterIPs                     []string                       @list=atomic ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly.
        externalIPs                    []string                       @list=atomic externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.
        externalName                   string                         externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g.
        externalTrafficPolicy          string                         @enum=Cluster,Local externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service's "externally-facing" addresses (NodePorts, ExternalIPs, and LoadBalancer IPs).
        healthCheckNodePort            int32                          healthCheckNodePort specifies the healthcheck nodePort for the service.
        internalTrafficPolicy          string                         @enum=Cluster,Local InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP.
        ipFamilies                     []string                       @list=atomic IPFamilies is a list of IP families (e.g.
        ipFamilyPolicy                 string                         @enum=PreferDualStack,RequireDualStack,SingleStack IPFamilyPolicy represents the dual-stack-ness requested or required by this Service.
        loadBalancerClass              string                         loadBalancerClass is the class of the load balancer implementation this Service belongs to.
        loadBalancerIP                 string                         Only applies to Service Type: LoadBalancer.
        loadBalancerSourceRanges       []string                       @list=atomic If specified and supported by the platform, this will restrict traffic through the cloud-provider load-balancer will be restricted to the specified client IPs.
        ports                          []core.v1.ServicePort          @merge=port @strategy=merge @list=map @keys=port,protocol The list of ports that are exposed by this service.
        publishNotReadyAddresses       boolean                        publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready.
        selector                       {}string                       @map=atomic Route service traffic to pods with label keys and values matching this selector.
        sessionAffinity                string                         @enum=ClientIP,None Supports "ClientIP" and "None".
        sessionAffinityConfig          core.v1.SessionAffinityConfig  sessionAffinityConfig contains the configurations of session affinity.
        trafficDistribution            string                         TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints.
        type                           string                         @enum=ClusterIP,ExternalName,LoadBalancer,NodePort type determines how the Service is exposed.
        """,
    ),
    define(
        "core.v1.ServiceStatus",
        "ServiceStatus represents the current status of a service.",
        """
        conditions    []meta.v1.Condition         @merge=type @strategy=merge @list=map @keys=type Current service state
        loadBalancer  core.v1.LoadBalancerStatus  LoadBalancer contains the current status of the load-balancer, if one is present.
        """,
    ),
    define(
        "core.v1.SessionAffinityConfig",
        "SessionAffinityConfig represents the configurations of session affinity.",
        """
        clientIP  core.v1.ClientIPConfig  clientIP contains the configurations of Client IP based session affinity.
        """,
    ),
    define(
        "meta.v1.Condition",
        "Condition contains details for one aspect of the current state of this API Resource.",
        """
        lastTransitionTime  meta.v1.Time!  lastTransitionTime is the last time the condition transitioned from one status to another.
        message             string!        message is a human readable message indicating details about the transition.
        observedGeneration  int64          observedGeneration represents the .metadata.generation that the condition was set based upon.
        reason              string!        reason contains a programmatic identifier indicating the reason for the condition's last transition.
        status              string!        status of the condition, one of True, False, Unknown.
        type                string!        type of condition in CamelCase or in foo.example.com/CamelCase.
        """,
    ),
    define(
        "discovery.v1.Endpoint",
        'Endpoint represents a single logical "backend" implementing a service.',
        """
        addresses           []string!                        @list=set addresses of this endpoint.
        conditions          discovery.v1.EndpointConditions  conditions contains information about the current status of the endpoint.
        deprecatedTopology  {}string                         deprecatedTopology contains topology information part of the v1beta1 API.
        hints               discovery.v1.EndpointHints       hints contains information associated with how an endpoint should be consumed.
        hostname            string                           hostname of this endpoint.
        nodeName            string                           nodeName represents the name of the Node hosting this endpoint.
        targetRef           core.v1.ObjectReference          targetRef is a reference to a Kubernetes object that represents this endpoint.
        zone                string                           zone is the name of the Zone this endpoint exists in.
        """,
    ),
    define(
        "discovery.v1.EndpointConditions",
        "EndpointConditions represents the current condition of an endpoint.",
        """
        ready        boolean  ready indicates that this endpoint is ready to receive traffic, according to whatever system is managing the endpoint.
        serving      boolean  serving indicates that this endpoint is able to receive traffic, according to whatever system is managing the endpoint.
        terminating  boolean  terminating indicates that this endpoint is terminating.
        """,
    ),
    define(
        "discovery.v1.EndpointHints",
        "EndpointHints provides hints describing how an endpoint should be consumed.",
        """
        forNodes  []discovery.v1.ForNode  @list=atomic forNodes indicates the node(s) this endpoint should be consumed by when using topology aware routing.
        forZones  []discovery.v1.ForZone  @list=atomic forZones indicates the zone(s) this endpoint should be consumed by when using topology aware routing.
        """,
    ),
    define(
        "discovery.v1.EndpointPort",
        "EndpointPort represents a Port used by an EndpointSlice",
        """
        appProtocol  string  The application protocol for this port.
        name         string  name represents the name of this port.
        port         int32   port represents the port number of the endpoint.
        protocol     string  @enum=SCTP,TCP,UDP protocol represents the IP protocol for this port.
        """,
    ),
    define(
        "discovery.v1.EndpointSlice",
        "EndpointSlice represents a set of service endpoints.",
        """
        addressType  string!                      @enum=FQDN,IPv4,IPv6 addressType specifies the type of address carried by this EndpointSlice.
        apiVersion   string                       APIVersion defines the versioned schema of this representation of an object.
        endpoints    []discovery.v1.Endpoint      @list=atomic endpoints is a list of unique endpoints in this slice.
        kind         string                       Kind is a string value representing the REST resource this object represents.
        metadata     meta.v1.ObjectMeta           Standard object's metadata.
        ports        []discovery.v1.EndpointPort  @list=atomic ports specifies the list of network ports exposed by each endpoint in this slice.
        """,
        gvk=("discovery.k8s.io", "v1", "EndpointSlice"),
    ),
    define(
        "discovery.v1.EndpointSliceList",
        "EndpointSliceList represents a list of endpoint slices",
        """
        apiVersion  string                         APIVersion defines the versioned schema of this representation of an object.
        items       []discovery.v1.EndpointSlice!  items is the list of endpoint slices
        kind        string                         Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta               Standard list metadata.
        """,
        gvk=("discovery.k8s.io", "v1", "EndpointSliceList"),
    ),
    define(
        "discovery.v1.ForNode",
        "ForNode provides information about which nodes should consume this endpoint.",
        """
        name  string!  name represents the name of the node.
        """,
    ),
    define(
        "discovery.v1.ForZone",
        "ForZone provides information about which zones should consume this endpoint.",
        """
        name  string!  name represents the name of the zone.
        """,
    ),
    define(
        "authentication.v1.BoundObjectReference",
        "BoundObjectReference is a reference to an object that a token is bound to.",
        """
        apiVersion  string  apiVersion is API version of the referent.
        kind        string  kind of the referent.
        name        string  name of the referent.
        uid         string  uid of the referent.
        """,
    ),
    define(
        "authentication.v1.TokenRequest",
        "TokenRequest requests a token for a given service account.",
        """
        apiVersion  string                                APIVersion defines the versioned schema of this representation of an object.
        kind        string                                Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta                    metadata is the standard object's metadata.
        spec        authentication.v1.TokenRequestSpec    spec holds information about the request being evaluated
        status      authentication.v1.TokenRequestStatus  status is filled in by the server and indicates whether the token can be authenticated.
        """,
        gvk=("authentication.k8s.io", "v1", "TokenRequest"),
    ),
    define(
        "authentication.v1.TokenRequestSpec",
        "TokenRequestSpec contains client provided parameters of a token request.",
        """
        attestations       {}[]string                              attestations is a map of well-known keys to string-slice values.
        audiences          []string                                @list=atomic audiences are the intendend audiences of the token.
        boundObjectRef     authentication.v1.BoundObjectReference  boundObjectRef is a reference to an object that the token will be bound to.
        expirationSeconds  int64                                   expirationSeconds is the requested duration of validity of the request.
        """,
    ),
    define(
        "authentication.v1.TokenRequestStatus",
        "TokenRequestStatus is the result of a token request.",
        """
        expirationTimestamp  meta.v1.Time  expirationTimestamp is the time of expiration of the returned token.
        token                string        token is the opaque bearer token.
        """,
    ),
)
