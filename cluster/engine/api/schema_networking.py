"""The kinds of networking.k8s.io/v1 the cluster serves: Ingress, IngressClass,
NetworkPolicy, ServiceCIDR and IPAddress, and the types they hold."""

from __future__ import annotations

from cluster.engine.api.schema_dsl import define

DEFINITIONS = (
    define(
        "networking.v1.HTTPIngressPath",
        "HTTPIngressPath associates a path with a backend.",
        """
        backend   networking.v1.IngressBackend!  backend defines the referenced service endpoint to which the traffic will be forwarded to.
        path      string                         path is matched against the path of an incoming request.
        pathType  string!                        pathType determines the interpretation of the path matching.
        """,
    ),
    define(
        "networking.v1.HTTPIngressRuleValue",
        "HTTPIngressRuleValue is a list of http selectors pointing to backends.",
        """
        paths  []networking.v1.HTTPIngressPath!  @list=atomic paths is a collection of paths that map requests to backends.
        """,
    ),
    define(
        "networking.v1.IPAddress",
        "IPAddress represents a single IP of a single IP Family.",
        """
        apiVersion  string                        APIVersion defines the versioned schema of this representation of an object.
        kind        string                        Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta            metadata is the standard object metadata.
        spec        networking.v1.IPAddressSpec!  spec is the desired state of the IPAddress.
        """,
        gvk=("networking.k8s.io", "v1", "IPAddress"),
    ),
    define(
        "networking.v1.IPAddressList",
        "IPAddressList contains a list of IPAddress.",
        """
        apiVersion  string                      APIVersion defines the versioned schema of this representation of an object.
        items       []networking.v1.IPAddress!  items is the list of IPAddresses.
        kind        string                      Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta            Standard object's metadata.
        """,
        gvk=("networking.k8s.io", "v1", "IPAddressList"),
    ),
    define(
        "networking.v1.IPAddressSpec",
        "IPAddressSpec describe the attributes in an IP Address.",
        """
        parentRef  networking.v1.ParentReference!  parentRef references the resource that an IPAddress is attached to.
        """,
    ),
    define(
        "networking.v1.IPBlock",
        'IPBlock describes a particular CIDR (Ex. "192.168.1.0/24","2001:db8::/64") that is allowed to the pods matched by a NetworkPolicySpec\'s podSelector.',
        """
        cidr    string!   cidr is a string representing the IPBlock Valid examples are "192.168.1.0/24" or "2001:db8::/64"
        except  []string  @list=atomic except is a slice of CIDRs that should not be included within an IPBlock Valid examples are "192.168.1.0/24" or "2001:db8::/64" Except values will be rejected if they are outside the cidr range
        """,
    ),
    define(
        "networking.v1.Ingress",
        "Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend.",
        """
        apiVersion  string                       APIVersion defines the versioned schema of this representation of an object.
        kind        string                       Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta           metadata is the standard object metadata.
        spec        networking.v1.IngressSpec    spec is the desired state of the Ingress.
        status      networking.v1.IngressStatus  status is the current state of the Ingress.
        """,
        gvk=("networking.k8s.io", "v1", "Ingress"),
    ),
    define(
        "networking.v1.IngressBackend",
        "IngressBackend describes all endpoints for a given service and port.",
        """
        resource  core.v1.TypedLocalObjectReference    resource is an ObjectRef to another Kubernetes resource in the namespace of the Ingress object.
        service   networking.v1.IngressServiceBackend  service references a service as a backend.
        """,
    ),
    define(
        "networking.v1.IngressClass",
        "IngressClass represents the class of the Ingress, referenced by the Ingress Spec.",
        """
        apiVersion  string                          APIVersion defines the versioned schema of this representation of an object.
        kind        string                          Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta              metadata is the standard object metadata.
        spec        networking.v1.IngressClassSpec  spec is the desired state of the IngressClass.
        """,
        gvk=("networking.k8s.io", "v1", "IngressClass"),
    ),
    define(
        "networking.v1.IngressClassList",
        "IngressClassList is a collection of IngressClasses.",
        """
        apiVersion  string                         APIVersion defines the versioned schema of this representation of an object.
        items       []networking.v1.IngressClass!  items is the list of IngressClasses.
        kind        string                         Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta               Standard list metadata.
        """,
        gvk=("networking.k8s.io", "v1", "IngressClassList"),
    ),
    define(
        "networking.v1.IngressClassParametersReference",
        "IngressClassParametersReference identifies an API object.",
        """
        apiGroup   string   apiGroup is the group for the resource being referenced.
        kind       string!  kind is the type of resource being referenced.
        name       string!  name is the name of resource being referenced.
        namespace  string   namespace is the namespace of the resource being referenced.
        scope      string   scope represents if this refers to a cluster or namespace scoped resource.
        """,
    ),
    define(
        "networking.v1.IngressClassSpec",
        "IngressClassSpec provides information about the class of an Ingress.",
        """
        controller  string                                         controller refers to the name of the controller that should handle this class.
        parameters  networking.v1.IngressClassParametersReference  parameters is a link to a custom resource containing additional configuration for the controller.
        """,
    ),
    define(
        "networking.v1.IngressList",
        "IngressList is a collection of Ingress.",
        """
        apiVersion  string                    APIVersion defines the versioned schema of this representation of an object.
        items       []networking.v1.Ingress!  items is the list of Ingress.
        kind        string                    Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta          Standard object's metadata.
        """,
        gvk=("networking.k8s.io", "v1", "IngressList"),
    ),
    define(
        "networking.v1.IngressLoadBalancerIngress",
        "IngressLoadBalancerIngress represents the status of a load-balancer ingress point.",
        """
        hostname  string                             hostname is set for load-balancer ingress points that are DNS based.
        ip        string                             ip is set for load-balancer ingress points that are IP based.
        ports     []networking.v1.IngressPortStatus  @list=atomic ports provides information about the ports exposed by this LoadBalancer.
        """,
    ),
    define(
        "networking.v1.IngressLoadBalancerStatus",
        "IngressLoadBalancerStatus represents the status of a load-balancer.",
        """
        ingress  []networking.v1.IngressLoadBalancerIngress  @list=atomic ingress is a list containing ingress points for the load-balancer.
        """,
    ),
    define(
        "networking.v1.IngressPortStatus",
        "IngressPortStatus represents the error condition of a service port",
        """
        error     string   error is to record the problem with the service port The format of the error shall comply with the following rules: - built-in error values shall be specified in this file and those shall use CamelCase names - cloud provider specific error values must have names that comply with the format foo.example.com/CamelCase.
        port      int32!   port is the port number of the ingress port.
        protocol  string!  protocol is the protocol of the ingress port.
        """,
    ),
    define(
        "networking.v1.IngressRule",
        "IngressRule represents the rules mapping the paths under a specified host to the related backend services.",
        """
        host  string                              host is the fully qualified domain name of a network host, as defined by RFC 3986.
        http  networking.v1.HTTPIngressRuleValue  http is a HTTP IngressRuleValue, which contains a list of http selectors
        """,
    ),
    define(
        "networking.v1.IngressServiceBackend",
        "IngressServiceBackend references a Kubernetes Service as a Backend.",
        """
        name  string!                           name is the referenced service.
        port  networking.v1.ServiceBackendPort  port of the referenced service.
        """,
    ),
    define(
        "networking.v1.IngressSpec",
        "IngressSpec describes the Ingress the user wishes to exist.",
        """
        defaultBackend    networking.v1.IngressBackend  defaultBackend is the backend that should handle requests that don't match any rule.
        ingressClassName  string                        ingressClassName is the name of an IngressClass cluster resource.
        rules             []networking.v1.IngressRule   @list=atomic rules is a list of host rules used to configure the Ingress.
        tls               []networking.v1.IngressTLS    @list=atomic tls represents the TLS configuration.
        """,
    ),
    define(
        "networking.v1.IngressStatus",
        "IngressStatus describe the current state of the Ingress.",
        """
        loadBalancer  networking.v1.IngressLoadBalancerStatus  loadBalancer contains the current status of the load-balancer.
        """,
    ),
    define(
        "networking.v1.IngressTLS",
        "IngressTLS describes the transport layer security associated with an ingress.",
        """
        hosts       []string  @list=atomic hosts is a list of hosts included in the TLS certificate.
        secretName  string    secretName is the name of the secret used to terminate TLS traffic on port 443.
        """,
    ),
    define(
        "networking.v1.NetworkPolicy",
        "NetworkPolicy describes what network traffic is allowed for a set of Pods",
        """
        apiVersion  string                           APIVersion defines the versioned schema of this representation of an object.
        kind        string                           Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta               metadata is the standard object metadata.
        spec        networking.v1.NetworkPolicySpec  spec represents the specification of the desired behavior for this NetworkPolicy.
        """,
        gvk=("networking.k8s.io", "v1", "NetworkPolicy"),
    ),
    define(
        "networking.v1.NetworkPolicyEgressRule",
        "NetworkPolicyEgressRule describes a particular set of traffic that is allowed out of pods matched by a NetworkPolicySpec's podSelector.",
        """
        ports  []networking.v1.NetworkPolicyPort  @list=atomic ports is a list of destination ports for outgoing traffic.
        to     []networking.v1.NetworkPolicyPeer  @list=atomic to is a list of destinations for outgoing traffic of pods selected for this rule.
        """,
    ),
    define(
        "networking.v1.NetworkPolicyIngressRule",
        "NetworkPolicyIngressRule describes a particular set of traffic that is allowed to the pods matched by a NetworkPolicySpec's podSelector.",
        """
        from   []networking.v1.NetworkPolicyPeer  @list=atomic from is a list of sources which should be able to access the pods selected for this rule.
        ports  []networking.v1.NetworkPolicyPort  @list=atomic ports is a list of ports which should be made accessible on the pods selected for this rule.
        """,
    ),
    define(
        "networking.v1.NetworkPolicyList",
        "NetworkPolicyList is a list of NetworkPolicy objects.",
        """
        apiVersion  string                          APIVersion defines the versioned schema of this representation of an object.
        items       []networking.v1.NetworkPolicy!  items is a list of schema objects.
        kind        string                          Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta                Standard list metadata.
        """,
        gvk=("networking.k8s.io", "v1", "NetworkPolicyList"),
    ),
    define(
        "networking.v1.NetworkPolicyPeer",
        "NetworkPolicyPeer describes a peer to allow traffic to/from.",
        """
        ipBlock            networking.v1.IPBlock  ipBlock defines policy on a particular IPBlock.
        namespaceSelector  meta.v1.LabelSelector  namespaceSelector selects namespaces using cluster-scoped labels.
        podSelector        meta.v1.LabelSelector  podSelector is a label selector which selects pods.
        """,
    ),
    define(
        "networking.v1.NetworkPolicyPort",
        "NetworkPolicyPort describes a port to allow traffic on",
        """
        endPort   int32               endPort indicates that the range of ports from port to endPort if set, inclusive, should be allowed by the policy.
        port      intstr.IntOrString  port represents the port on the given protocol.
        protocol  string              protocol represents the protocol (TCP, UDP, or SCTP) which traffic must match.
        """,
    ),
    define(
        "networking.v1.NetworkPolicySpec",
        "NetworkPolicySpec provides the specification of a NetworkPolicy",
        """
        egress       []networking.v1.NetworkPolicyEgressRule   @list=atomic egress is a list of egress rules to be applied to the selected pods.
        ingress      []networking.v1.NetworkPolicyIngressRule  @list=atomic ingress is a list of ingress rules to be applied to the selected pods.
        podSelector  meta.v1.LabelSelector                     podSelector selects the pods to which this NetworkPolicy object applies.
        policyTypes  []string                                  @list=atomic policyTypes is a list of rule types that the NetworkPolicy relates to.
        """,
    ),
    define(
        "networking.v1.ParentReference",
        "ParentReference describes a reference to a parent object.",
        """
        group      string   group is the group of the object being referenced.
        name       string!  name is the name of the object being referenced.
        namespace  string   namespace is the namespace of the object being referenced.
        resource   string!  resource is the resource of the object being referenced.
        """,
    ),
    define(
        "networking.v1.ServiceBackendPort",
        "ServiceBackendPort is the service port being referenced.",
        """
        name    string  name is the name of the port on the Service.
        number  int32   number is the numerical port number (e.g. 80) on the Service.
        """,
        map_type="atomic",
    ),
    define(
        "networking.v1.ServiceCIDR",
        "ServiceCIDR defines a range of IP addresses using CIDR format (e.g. 192.168.0.0/24 or 2001:db2::/64).",
        """
        apiVersion  string                           APIVersion defines the versioned schema of this representation of an object.
        kind        string                           Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta               metadata is the standard object metadata.
        spec        networking.v1.ServiceCIDRSpec    spec is the desired state of the ServiceCIDR.
        status      networking.v1.ServiceCIDRStatus  status represents the current state of the ServiceCIDR.
        """,
        gvk=("networking.k8s.io", "v1", "ServiceCIDR"),
    ),
    define(
        "networking.v1.ServiceCIDRList",
        "ServiceCIDRList contains a list of ServiceCIDR objects.",
        """
        apiVersion  string                        APIVersion defines the versioned schema of this representation of an object.
        items       []networking.v1.ServiceCIDR!  items is the list of ServiceCIDRs.
        kind        string                        Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta              Standard object's metadata.
        """,
        gvk=("networking.k8s.io", "v1", "ServiceCIDRList"),
    ),
    define(
        "networking.v1.ServiceCIDRSpec",
        "ServiceCIDRSpec define the CIDRs the user wants to use for allocating ClusterIPs for Services.",
        """
        cidrs  []string  @list=atomic cidrs defines the IP blocks in CIDR notation (e.g. "192.168.0.0/24" or "2001:db8::/64") from which to assign service cluster IPs.
        """,
    ),
    define(
        "networking.v1.ServiceCIDRStatus",
        "ServiceCIDRStatus describes the current state of the ServiceCIDR.",
        """
        conditions  []meta.v1.Condition  @merge=type @strategy=merge @list=map @keys=type conditions holds an array of metav1.Condition that describe the state of the ServiceCIDR.
        """,
    ),
)
