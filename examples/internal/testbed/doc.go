// Package testbed gives the examples what they run in: a veth pair
// between two private network namespaces, made with ip(8) and deleted on
// Close or on an interrupt, and cgroup v2 directories.
package testbed
