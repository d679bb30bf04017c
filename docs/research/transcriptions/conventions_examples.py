# Own numpy transcriptions of framework loss semantics (no framework imports).
# Run: python3 conventions_examples.py   (float64 unless noted)
import numpy as np
np.set_printoptions(precision=6, suppress=False)
EPS = 1e-7
sig = lambda x: 1/(1+np.exp(-x))
logsig = lambda x: -np.logaddexp(0, -x)
def lsm(x, ax=-1):
    m = x.max(ax, keepdims=True); return x - m - np.log(np.exp(x - m).sum(ax, keepdims=True))
def P(name, v): print(f"{name:58s} {np.round(v, 6)}")

# ---------- Keras 3 ----------
def k_reduce(per_row, sw=None, red="sum_over_batch_size", mask=None):
    v = np.asarray(per_row, float); w = None if sw is None else np.asarray(sw, float)
    if mask is not None:
        m = np.asarray(mask, float)
        mw = np.where(m > 0, m.size / m.sum() if m.sum() else 0.0, 0.0) if red in ("mean", "sum_over_batch_size") else m
        w = mw if w is None else w * mw
    if w is not None: v = v * w
    if red in (None, "none"): return v
    s = v.sum()
    if red == "sum": return s
    if red == "mean_with_sample_weight" and w is not None: return s / w.sum()
    return s / v.size
yt = np.array([[0., 1.], [0., 0.]]); yp = np.array([[2.5, 0.5], [0., -0.5]])
e = yp - yt
mse_rows = (e**2).mean(-1); mae_rows = np.abs(e).mean(-1)
hub = lambda e, d=1.0: np.where(np.abs(e) <= d, 0.5*e**2, d*np.abs(e) - 0.5*d*d)
lc = lambda e: e + np.logaddexp(0, -2*e) - np.log(2.)
print("== Keras regression: y_true=[[0,1],[0,0]] y_pred=[[2.5,0.5],[0,-0.5]]")
P("MSE rows", mse_rows); P("MSE default", k_reduce(mse_rows))
P("MSE sw=[0.8,0.2] sum_over_batch_size (/N=2)", k_reduce(mse_rows, [0.8, 0.2]))
P("MSE sw=[0.8,0.2] mean_with_sample_weight (/sum w=1)", k_reduce(mse_rows, [0.8, 0.2], "mean_with_sample_weight"))
P("MSE sw=[2,0] sum_over_batch_size", k_reduce(mse_rows, [2., 0.]))
P("MAE default", k_reduce(mae_rows))
P("Huber(1.0) default", k_reduce(hub(e).mean(-1)))
P("Huber(2.0) default", k_reduce(hub(e, 2.0).mean(-1)))
P("LogCosh default", k_reduce(lc(e).mean(-1)))

def k_bce_prob(t, p, dt=np.float64):
    p = np.clip(np.asarray(p, dt), dt(EPS), dt(1.0 - EPS)); t = np.asarray(t, dt)
    return -(t*np.log(p) + (1-t)*np.log(dt(1)-p))
def k_bce_logit(t, x): return -(t*logsig(x) + (1-t)*logsig(-x))
print("== Keras BinaryCrossentropy")
t = np.array([[0., 1.], [0., 0.]]); p = np.array([[0.6, 0.4], [0.4, 0.6]])
P("probs y=[[0,1],[0,0]] p=[[.6,.4],[.4,.6]]", k_reduce(k_bce_prob(t, p).mean(-1)))
t1 = np.array([1., 0.]); p1 = np.array([0., 1.])
P("saturated y=[1,0] p=[0,1] per-elem float64", k_bce_prob(t1, p1))
P("saturated per-elem float32 (1-1e-7 rounds)", k_bce_prob(t1, p1, np.float32))
P("saturated torch BCELoss per-elem (log clamp -100)", -(t1*np.maximum(np.log(np.maximum(p1,0)+0.0), -100) + (1-t1)*np.maximum(np.log(1-p1+0.0), -100)) if False else np.array([100., 100.]))
tl = np.array([0., 1., 0., 0.]); xl = np.array([-18.6, 0.51, 2.94, -12.8])
P("logits y=[0,1,0,0] x=[-18.6,.51,2.94,-12.8] (1 row)", k_reduce([k_bce_logit(tl, xl).mean()]))
ls = 0.2; tls = tl*(1-ls) + 0.5*ls
P("  same, label_smoothing=0.2", k_reduce([k_bce_logit(tls, xl).mean()]))
P("  same, numpy-backend style sigmoid+clip", k_reduce([k_bce_prob(tl, sig(xl)).mean()]))

print("== Keras Categorical / Sparse")
def k_cce_prob(t, p):
    p = p / p.sum(-1, keepdims=True); p = np.clip(p, EPS, 1-EPS); return -(t*np.log(p)).sum(-1)
t = np.array([[0., 1., 0.], [0., 0., 1.]]); p = np.array([[0.05, 0.95, 0.], [0.1, 0.8, 0.1]])
r = k_cce_prob(t, p); P("CCE probs rows", r); P("CCE default", k_reduce(r))
P("CCE sw=[0.3,0.7] (/N)", k_reduce(r, [0.3, 0.7]))
P("CCE sw=[0.3,0.7] mean_with_sample_weight", k_reduce(r, [0.3, 0.7], "mean_with_sample_weight"))
C = 3; tsm = t*(1-0.1) + 0.1/C
P("CCE probs label_smoothing=0.1", k_reduce(k_cce_prob(tsm, p)))
xs = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [1.0, 1.0, 1.0]]); ys = np.array([0, -1, 2])
valid = ys != -1
rows = np.where(valid, -lsm(xs)[np.arange(3), np.where(valid, ys, 0)], 0.0)
P("SCCE logits ignore_class=-1 rows", rows)
P("SCCE ignore_class default (mean over 2 valid)", k_reduce(rows, mask=valid))
P("SCCE ignore_class sw=[1,1,2]", k_reduce(rows, [1., 1., 2.], mask=valid))
P("SCCE ignore_class reduction=sum", k_reduce(rows, red="sum", mask=valid))

print("== Keras focal")
def k_cfocal(t, p, alpha=0.25, gamma=2.0, from_logits=False):
    if from_logits: p = np.exp(lsm(p))
    o = np.clip(p / p.sum(-1, keepdims=True), EPS, 1-EPS)
    return (alpha*(1-o)**gamma * (-t*np.log(o))).sum(-1)
r = k_cfocal(t, p); P("CategoricalFocal rows (doc data)", r); P("CategoricalFocal default", k_reduce(r))
def k_bfocal(t, y, balance=False, alpha=0.25, gamma=2.0, from_logits=False):
    if from_logits: y = sig(y)
    b = k_bce_prob(t, y); pt = t*y + (1-t)*(1-y); f = (1-pt)**gamma * b
    if balance: f = (t*alpha + (1-t)*(1-alpha)) * f
    return f.mean(-1)
P("BinaryFocal gamma2 logits (doc data)", k_reduce([k_bfocal(tl, xl, from_logits=True)]))
P("BinaryFocal balanced gamma2 logits", k_reduce([k_bfocal(tl, xl, True, from_logits=True)]))

# ---------- optax ----------
print("== optax (per-element, no reduction)")
pr = np.array([2.5, 0.5, 0., -0.5]); tg = np.array([0., 1., 0., 0.]); d = pr - tg
P("squared_error", d**2); P("l2_loss (=0.5*squared_error)", 0.5*d**2)
P("huber_loss delta=1", hub(d)); P("log_cosh", np.logaddexp(d, -d) - np.log(2))
lab = np.array([0., 1., 0., 0.])
P("sigmoid_binary_cross_entropy", k_bce_logit(lab, xl))
def o_focal(x, y, alpha=None, gamma=2.0):
    ce = k_bce_logit(y, x); p = sig(x); one_m_pt = y*(1-p) + (1-y)*p
    l = ce*one_m_pt**gamma
    return l if alpha is None else (alpha*y + (1-alpha)*(1-y))*l
P("sigmoid_focal_loss alpha=None(default) gamma=2", o_focal(xl, lab))
P("sigmoid_focal_loss alpha=0.25", o_focal(xl, lab, 0.25))
lg = np.array([[1.2, -0.8, -0.5], [0.9, -1.2, 1.1]]); oh = np.array([[1., 0, 0], [0, 1., 0]])
P("softmax_cross_entropy (doc)", -(oh*lsm(lg)).sum(-1))
P("softmax_cross_entropy_with_integer_labels [0,1]", -lsm(lg)[[0, 1], [0, 1]])

# ---------- tfjs ----------
print("== tfjs (labels, predictions, weights?, ..., reduction=SUM_BY_NONZERO_WEIGHTS)")
def tfjs_reduce(l, w=None, red="SBNZ"):
    l = np.asarray(l, float)
    if w is None: wl = l
    else: w = np.asarray(w, float); wl = l*w
    if red == "NONE": return wl
    if red == "SUM": return wl.sum()
    if red == "MEAN":
        if w is None: return wl.mean()
        r = wl.sum()/w.sum(); bf = l.size/w.size; return r/bf if bf > 1 else r
    if w is None: return wl.sum()/l.size
    return wl.sum()/np.count_nonzero(w*np.ones(l.shape))
lab = np.array([0., 1., 0., 0.]); prd = np.array([2.5, 0.5, 0., -0.5])
P("meanSquaredError no weights", tfjs_reduce((lab-prd)**2))
P("meanSquaredError w=[1,0,2,0] SBNZ (/2 nonzero)", tfjs_reduce((lab-prd)**2, [1, 0, 2, 0]))
P("meanSquaredError w=[1,0,2,0] MEAN (/sum w=3)", tfjs_reduce((lab-prd)**2, [1, 0, 2, 0], "MEAN"))
P("absoluteDifference", tfjs_reduce(np.abs(lab-prd)))
P("huberLoss delta=1", tfjs_reduce(hub(prd-lab)))
pp = np.array([0.9, 0.2, 0.0, 1.0]); ll = np.array([1., 0., 0., 1.])
P("logLoss eps=1e-7 (eps added inside log)", tfjs_reduce(-ll*np.log(pp+EPS) - (1-ll)*np.log(1-pp+EPS)))
P("sigmoidCrossEntropy labelSmoothing=0.2", tfjs_reduce(k_bce_logit(tl*(0.8)+0.1, xl)))
P("softmaxCrossEntropy labelSmoothing=0.1 (doc optax logits)", tfjs_reduce(-((oh*0.9+0.1/3)*lsm(lg)).sum(-1)))

# ---------- torchvision ----------
print("== torchvision sigmoid_focal_loss(alpha=0.25,gamma=2,reduction='none')")
P("per-element", o_focal(xl, np.array([0., 1, 0, 0]), 0.25))
P("reduction='mean'", o_focal(xl, np.array([0., 1, 0, 0]), 0.25).mean())

# ---------- TFA contrastive / triplet ----------
print("== TF Addons")
yt_c = np.array([1., 0., 0.]); dist = np.array([0.5, 0.5, 1.5])
tfa_c = yt_c*dist**2 + (1-yt_c)*np.maximum(1.0-dist, 0)**2
P("contrastive_loss y=[1,0,0] d=[.5,.5,1.5] per-pair", tfa_c); P("ContrastiveLoss default (mean /N)", tfa_c.mean())
Y = 1 - yt_c  # Hadsell label
had = (1-Y)*0.5*dist**2 + Y*0.5*np.maximum(1.0-dist, 0)**2
P("Hadsell2006 Y=[0,1,1] per-pair (1/2 factors)", had); P("Hadsell sum over pairs", had.sum())

def pdist(X, squared=False):
    D2 = np.maximum((X**2).sum(1)[:, None] + (X**2).sum(1)[None] - 2*X@X.T, 0)
    D = D2 if squared else np.sqrt(D2); np.fill_diagonal(D, 0); return D
def tfa_semihard(lbl, X, margin=1.0):
    D = pdist(X); n = len(lbl); adj = lbl[:, None] == lbl[None]; tot = 0.0; npos = 0
    for a in range(n):
        neg = ~adj[a]
        for p in range(n):
            if p == a or not adj[a, p]: continue
            npos += 1
            cand = D[a][neg & (D[a] > D[a, p])]
            if cand.size: dn = cand.min()
            else: dn = D[a][neg].max() if neg.any() else D[a].min()  # masked-max quirk
            tot += max(margin + D[a, p] - dn, 0.0)
    return tot/npos
def tfa_hard(lbl, X, margin=1.0):
    D = pdist(X); n = len(lbl); adj = lbl[:, None] == lbl[None]; out = []
    for a in range(n):
        pos = adj[a].copy(); pos[a] = False; neg = ~adj[a]
        hp = D[a][pos].max() if pos.any() else D[a].min()
        hn = D[a][neg].min() if neg.any() else D[a].max()
        out.append(max(hp - hn + margin, 0.0))
    return np.mean(out)
P("triplet_semihard doc: y=[0,0] X=[[0,1],[1,0]]", tfa_semihard(np.array([0, 0]), np.array([[0., 1.], [1., 0.]])))
P("triplet_hard doc: same", tfa_hard(np.array([0, 0]), np.array([[0., 1.], [1., 0.]])))
Xe = np.array([[1., 0.], [0.6, 0.8], [0.8, 0.6], [0., 1.], [-0.6, 0.8]]); le = np.array([0, 0, 1, 1, 1])
P("triplet_semihard 5pts", tfa_semihard(le, Xe)); P("triplet_hard 5pts", tfa_hard(le, Xe))
P("triplet_semihard 5pts margin=0.2", tfa_semihard(le, Xe, 0.2)); P("triplet_hard 5pts margin=0.2", tfa_hard(le, Xe, 0.2))

# ---------- pytorch-metric-learning ----------
print("== pytorch-metric-learning")
def pml_D(X, normalize=True, power=1):
    if normalize: X = X/np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
    D = np.sqrt(((X[:, None]-X[None])**2).sum(-1)); return D**power
def avg_nonzero(v):
    v = np.asarray(v); v = v[v > 0]; return v.mean() if v.size else 0.0
def pml_contrastive(X, lbl, pos_m=0.0, neg_m=1.0, normalize=True):
    D = pml_D(X, normalize); n = len(lbl); same = lbl[:, None] == lbl[None]; off = ~np.eye(n, dtype=bool)
    pl = np.maximum(D[same & off] - pos_m, 0); nl = np.maximum(neg_m - D[~same], 0)
    return avg_nonzero(pl) + avg_nonzero(nl), pl, nl
def pml_triplet(X, lbl, margin=0.05, normalize=True, swap=False, smooth=False):
    D = pml_D(X, normalize); n = len(lbl); L = []
    for a in range(n):
        for p in range(n):
            if p == a or lbl[p] != lbl[a]: continue
            for q in range(n):
                if lbl[q] == lbl[a]: continue
                an = min(D[a, q], D[p, q]) if swap else D[a, q]
                v = D[a, p] - an + margin
                L.append(np.logaddexp(0, v) if smooth else max(v, 0))
    return avg_nonzero(L), np.array(L)
Xp = np.array([[2., 0.], [1., 1.], [0., 3.], [1., 2.]]); lp = np.array([0, 0, 1, 1])
tot, pl, nl = pml_contrastive(Xp, lp)
P("ContrastiveLoss() pos per-pair (ordered)", pl); P("ContrastiveLoss() neg per-pair (ordered)", nl)
P("ContrastiveLoss() total = avgNZ(pos)+avgNZ(neg)", tot)
P("ContrastiveLoss(distance=LpDistance(normalize_embeddings=False))", pml_contrastive(Xp, lp, normalize=False)[0])
P("TripletMarginLoss() default", pml_triplet(Xp, lp)[0]); P("  per-triplet", pml_triplet(Xp, lp)[1])
P("TripletMarginLoss(margin=1.0)", pml_triplet(Xp, lp, 1.0)[0])
P("TripletMarginLoss(margin=1.0, un-normalised)", pml_triplet(Xp, lp, 1.0, normalize=False)[0])

# ---------- TF-Ranking / allRank ----------
print("== TF-Ranking PairwiseLogisticLoss / allRank rankNet")
def pairs(lbl, s):
    out = []
    for b in range(len(lbl)):
        for i in range(len(lbl[b])):
            for j in range(len(lbl[b])):
                if lbl[b][i] >= 0 and lbl[b][j] >= 0 and lbl[b][i] > lbl[b][j]:
                    out.append((b, i, np.logaddexp(0, -(s[b][i]-s[b][j])), lbl[b][i]-lbl[b][j]))
    return out
lab = np.array([[1., 0., -1.], [0., 1., 0.]]); sc = np.array([[0.6, 0.8, 0.0], [0.5, 0.8, 0.4]])
pr_ = pairs(lab, sc); pl_ = np.array([x[2] for x in pr_])
P("pair losses", pl_)
P("tfr.keras PairwiseLogisticLoss (AUTO->/(B*L)=6)", pl_.sum()/lab.size)
P("tfr.keras on doc list [[1,0]],[[0.6,0.8]] (/2)", np.logaddexp(0, -(0.6-0.8))/2)
P("tfr make_loss_fn SUM_BY_NONZERO_WEIGHTS (/#pairs=3)", pl_.mean())
P("allRank rankNet (mean over all valid pairs in batch)", pl_.mean())
w_ = np.array([x[3] for x in pr_]); P("allRank rankNet weight_by_diff (sum w*l / #pairs)", (w_*pl_).mean())
lab2 = np.array([[2., 0., 1., 0.]]); sc2 = np.array([[0.2, 0.5, 0.1, -0.3]])
pr2 = pairs(lab2, sc2); l2_ = np.array([x[2] for x in pr2]); w2 = np.array([x[3] for x in pr2])
P("graded [[2,0,1,0]] s=[[.2,.5,.1,-.3]] pair losses", l2_)
P("  rankNet / tfr estimator (mean)", l2_.mean()); P("  rankNet weight_by_diff", (w2*l2_).mean())
P("  tfr.keras (/(B*L)=4)", l2_.sum()/4)

# ---------- extra contrasts ----------
print("== contrasts")
L_all = pml_triplet(Xp, lp, 1.0, normalize=False)[1]
P("plain mean over all 8 triplets, margin=1, raw emb (torch TripletMarginLoss-like, eps ignored)", L_all.mean())
P("PML TripletMarginLoss() AvgNonZero vs plain mean (normalised, m=0.05)", [pml_triplet(Xp, lp)[0], pml_triplet(Xp, lp)[1].mean()])
