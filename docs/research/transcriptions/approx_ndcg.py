# Own transcription of TF-Ranking ApproxNDCGLoss semantics (numpy, float64)
import numpy as np
EPS = 1e-10
def sigmoid(x): e=np.exp(-np.abs(x)); return np.where(x>=0, 1/(1+e), e/(1+e))
def approx_ndcg_per_list(labels, logits, temperature=0.1, mask=None):
    y = np.asarray(labels, float); s = np.asarray(logits, float)/temperature
    if mask is None: mask = y >= 0
    y = np.where(mask, y, 0.0)
    s = np.where(mask, s, s.min() - 1e3)   # note: min over the temperature-scaled logits incl. padding
    nonzero = y.sum() > 0
    if not nonzero: y = np.full_like(y, EPS)
    r = 0.5 + sigmoid(s[None,:] - s[:,None]).sum(axis=1)   # r_i = 1 + sum_{j!=i} sigmoid(s_j - s_i)
    g = 2.0**(y - y.max()) - 2.0**(-y.max())                # (2^y - 1)/2^max(y), scale cancels
    dcg = (g/np.log1p(r)).sum()
    ideal = np.sort(g)[::-1]; idcg = (ideal/np.log1p(np.arange(1, len(y)+1))).sum()
    ndcg = dcg/idcg if idcg > 0 else 0.0
    return -ndcg, (1.0 if nonzero else 0.0), r
def keras_loss(lists, temperature=0.1):
    vals = [approx_ndcg_per_list(l, p, temperature) for l, p in lists]
    return sum(v*w for v, w, _ in vals)/len(vals)   # AUTO -> SUM_OVER_BATCH_SIZE, sample_weight None -> 1
print("%.6f" % keras_loss([([1.,0.],[0.6,0.8])]), "(docstring -0.655107)")
# ragged example: padded to length 3 with label -1 (masked)
print("%.8f" % keras_loss([([1.,0.,-1.],[0.6,0.8,0.0]), ([0.,1.,0.],[0.5,0.8,0.4])]), "(docstring -0.80536866)")
for lab, sc in [([0,2,1],[0.5,0.2,0.2]), ([0,0,0],[0.5,0.2,0.2]), ([0,2,1],[0,0,0])]:
    l, w, r = approx_ndcg_per_list(lab, sc); print(lab, sc, "loss=%.6f weight=%g ranks=%s" % (l, w, np.round(r, 6)))
