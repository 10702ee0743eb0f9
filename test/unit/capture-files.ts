/** Kept where other tests import it from; the capture test helpers live in ./pcap/. */
export * from './pcap/capture-files';
